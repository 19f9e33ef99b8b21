import type { ReadableDB, WritableDB } from './sql/connection';
import { platformZone } from './db';
import { audit } from './audit';
import { DomainError } from './errors';
import { customerKey } from './customers';
import { addHistory, getAssignment, putAssignment } from './assignments';
import { todayIn } from './time';
import type { Tier } from '@shared/tiers';
import type { OverrideView as Override } from '@shared/api/channels/customers';
import { toOverride, type OverrideRow } from './rows/overrides';

export type { Override };

/** The override that pins the customer's tier on `date`, if any. */
export function activeOverride(db: ReadableDB, cust: number, date: string): Override | null {
  const r = db
    .prepare<[number], OverrideRow>('SELECT o.* FROM overrides o JOIN assignments a ON a.override_id = o.id WHERE a.cust = ?')
    .get(cust);
  if (!r || r.cleared_on !== null || (r.until !== null && date > r.until)) return null;
  return toOverride(r);
}

export interface ActionOptions {
  actor: string;
  now: () => number;
}

/**
 * Pins a customer's assigned tier (any tier: a human decision that bypasses review) from now on.
 * An open review lapses and protection stops; the first evaluation after the override ends assigns
 * the computed target directly.
 */
export function setOverride(
  db: WritableDB,
  customerId: string,
  tier: Tier,
  reason: string,
  until: string | null,
  opts: ActionOptions,
): Override {
  if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'an override needs a reason');
  const cust = customerKey(db, customerId);
  const at = opts.now();
  const today = todayIn(platformZone(db), at);
  if (until !== null && until < today) throw new DomainError('BAD_UNTIL', `the override's last day ${until} is before today (${today})`);
  return db.transaction(() => {
    const before = getAssignment(db, cust);
    const previous = activeOverride(db, cust, today);
    if (previous) {
      db.prepare('UPDATE overrides SET cleared_on = ?, cleared_by = ?, cleared_reason = ? WHERE id = ?').run(
        today,
        opts.actor,
        'replaced by a new override',
        previous.id,
      );
    }
    const id = Number(
      db
        .prepare('INSERT INTO overrides (cust, tier, reason, actor, set_on, set_at, until) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(cust, tier, reason, opts.actor, today, at, until).lastInsertRowid,
    );
    db.prepare(
      "UPDATE reviews SET status = 'lapsed', decided_on = ?, actor = ?, reason = 'overridden' WHERE cust = ? AND status = 'open'",
    ).run(today, opts.actor, cust);
    const after = {
      ...before,
      tier,
      pendingTier: null,
      protectedUntil: null,
      overrideId: id,
      since: tier !== before.tier ? today : before.since,
    };
    putAssignment(db, cust, after);
    if (tier !== before.tier)
      addHistory(
        db,
        cust,
        { from: before.tier, to: tier, date: today, cause: 'override', policyVersion: null, actor: opts.actor, reason },
        at,
      );
    audit(db, at, {
      actor: opts.actor,
      action: 'override.set',
      entity: 'customer',
      entityId: customerId,
      before,
      after,
      details: { tier, reason, until },
    });
    return toOverride(db.prepare<[number], OverrideRow>('SELECT * FROM overrides WHERE id = ?').get(id)!);
  })();
}

/** Ends the active override today; the customer keeps the tier until the next evaluation re-grades them. */
export function clearOverride(db: WritableDB, customerId: string, reason: string, opts: ActionOptions): Override {
  if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'clearing an override needs a reason');
  const cust = customerKey(db, customerId);
  const at = opts.now();
  const today = todayIn(platformZone(db), at);
  return db.transaction(() => {
    const o = activeOverride(db, cust, today);
    if (!o) throw new DomainError('NO_OVERRIDE', `customer "${customerId}" has no active override`);
    db.prepare('UPDATE overrides SET cleared_on = ?, cleared_by = ?, cleared_reason = ? WHERE id = ?').run(today, opts.actor, reason, o.id);
    const after = { ...o, clearedOn: today, clearedBy: opts.actor, clearedReason: reason };
    audit(db, at, {
      actor: opts.actor,
      action: 'override.clear',
      entity: 'customer',
      entityId: customerId,
      before: o,
      after,
      details: { reason },
    });
    return after;
  })();
}

export function overridesOf(db: ReadableDB, cust: number): Override[] {
  return db.prepare<[number], OverrideRow>('SELECT * FROM overrides WHERE cust = ? ORDER BY id DESC').all(cust).map(toOverride);
}
