import type { DB } from './db';
import type { Tier } from '@shared/tiers';
import type { AssignmentView as Assignment, HistoryView as HistoryEntry } from '@shared/api/channels/customers';

export type { Assignment, HistoryEntry };

/** What a customer has; a customer never evaluated has `none`. */
export function getAssignment(db: DB, cust: number): Assignment {
  const r = db
    .prepare('SELECT tier, computed_tier, pending_tier, protected_until, since, override_id FROM assignments WHERE cust = ?')
    .get(cust) as
    | {
        tier: Tier;
        computed_tier: Tier;
        pending_tier: Tier | null;
        protected_until: string | null;
        since: string | null;
        override_id: number | null;
      }
    | undefined;
  if (!r) return { tier: 'none', computedTier: 'none', pendingTier: null, protectedUntil: null, since: null, overrideId: null };
  return {
    tier: r.tier,
    computedTier: r.computed_tier,
    pendingTier: r.pending_tier,
    protectedUntil: r.protected_until,
    since: r.since,
    overrideId: r.override_id,
  };
}

/** A prepared upsert of assignment rows (evaluation writes many, actions one). */
export function assignmentWriter(db: DB): (cust: number, a: Assignment) => void {
  const stmt = db.prepare(
    `INSERT INTO assignments (cust, tier, computed_tier, pending_tier, protected_until, since, override_id) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (cust) DO UPDATE SET tier = excluded.tier, computed_tier = excluded.computed_tier, pending_tier = excluded.pending_tier,
       protected_until = excluded.protected_until, since = excluded.since, override_id = excluded.override_id`,
  );
  return (cust, a) => stmt.run(cust, a.tier, a.computedTier, a.pendingTier, a.protectedUntil, a.since, a.overrideId);
}

export function putAssignment(db: DB, cust: number, a: Assignment): void {
  assignmentWriter(db)(cust, a);
}

export function addHistory(db: DB, cust: number, h: HistoryEntry, at: number): void {
  db.prepare(
    'INSERT INTO tier_history (cust, from_tier, to_tier, on_date, cause, policy_version, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(cust, h.from, h.to, h.date, h.cause, h.policyVersion, h.actor, h.reason, at);
}

export function getHistory(db: DB, cust: number): HistoryEntry[] {
  return (
    db
      .prepare('SELECT from_tier, to_tier, on_date, cause, policy_version, actor, reason FROM tier_history WHERE cust = ? ORDER BY id')
      .all(cust) as {
      from_tier: Tier;
      to_tier: Tier;
      on_date: string;
      cause: HistoryEntry['cause'];
      policy_version: number | null;
      actor: string;
      reason: string | null;
    }[]
  ).map((r) => ({
    from: r.from_tier,
    to: r.to_tier,
    date: r.on_date,
    cause: r.cause,
    policyVersion: r.policy_version,
    actor: r.actor,
    reason: r.reason,
  }));
}
