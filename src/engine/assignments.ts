import type { ReadableDB, WritableDB } from './sql/connection';
import type { AssignmentView as Assignment, HistoryView as HistoryEntry } from '@shared/api/channels/customers';
import { NO_ASSIGNMENT, toAssignment, toHistoryEntry, type AssignmentRow, type TierHistoryRow } from './rows/assignments';

export type { Assignment, HistoryEntry };

/** What a customer has; a customer never evaluated has `none`. */
export function getAssignment(db: ReadableDB, cust: number): Assignment {
  const r = db
    .prepare<[number], Omit<AssignmentRow, 'cust'>>(
      'SELECT tier, computed_tier, pending_tier, protected_until, since, override_id FROM assignments WHERE cust = ?',
    )
    .get(cust);
  return r ? toAssignment(r) : { ...NO_ASSIGNMENT };
}

/** A prepared upsert of assignment rows (evaluation writes many, actions one). */
export function assignmentWriter(db: WritableDB): (cust: number, a: Assignment) => void {
  const stmt = db.prepare(
    `INSERT INTO assignments (cust, tier, computed_tier, pending_tier, protected_until, since, override_id) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (cust) DO UPDATE SET tier = excluded.tier, computed_tier = excluded.computed_tier, pending_tier = excluded.pending_tier,
       protected_until = excluded.protected_until, since = excluded.since, override_id = excluded.override_id`,
  );
  return (cust, a) => stmt.run(cust, a.tier, a.computedTier, a.pendingTier, a.protectedUntil, a.since, a.overrideId);
}

export function putAssignment(db: WritableDB, cust: number, a: Assignment): void {
  assignmentWriter(db)(cust, a);
}

export function addHistory(db: WritableDB, cust: number, h: HistoryEntry, at: number): void {
  db.prepare(
    'INSERT INTO tier_history (cust, from_tier, to_tier, on_date, cause, policy_version, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(cust, h.from, h.to, h.date, h.cause, h.policyVersion, h.actor, h.reason, at);
}

export function getHistory(db: ReadableDB, cust: number): HistoryEntry[] {
  return db
    .prepare<[number], Omit<TierHistoryRow, 'id' | 'cust' | 'at'>>(
      'SELECT from_tier, to_tier, on_date, cause, policy_version, actor, reason FROM tier_history WHERE cust = ? ORDER BY id',
    )
    .all(cust)
    .map(toHistoryEntry);
}
