import type { ReadableDB, WritableDB } from './sql/connection';
import { platformZone } from './db';
import { audit } from './audit';
import { DomainError } from './errors';
import { customerKey } from './customers';
import { addHistory, getAssignment, putAssignment } from './assignments';
import { getActivePolicy } from './policies';
import { addDays, todayIn } from './time';
import type { ActionOptions } from './overrides';
import type { ReviewView as Review } from '@shared/api/channels/customers';
import { toReview, type ReviewRow, type ReviewViewRow } from './rows/reviews';

export type { Review };

const SELECT = `SELECT r.id, c.customer_id, c.name, coalesce(a.tier, 'none') AS current_tier, r.pending_tier, r.opened_on, r.status, r.decided_on, r.actor, r.reason
  FROM reviews r JOIN customers c ON c.id = r.cust LEFT JOIN assignments a ON a.cust = r.cust`;

/** Open reviews, oldest first. */
export function listOpenReviews(db: ReadableDB): Review[] {
  return db.prepare<[], ReviewViewRow>(`${SELECT} WHERE r.status = 'open' ORDER BY r.opened_on, c.customer_id`).all().map(toReview);
}

export function reviewsOf(db: ReadableDB, cust: number): Review[] {
  return db.prepare<[number], ReviewViewRow>(`${SELECT} WHERE r.cust = ? ORDER BY r.id DESC`).all(cust).map(toReview);
}

const reviewById = (db: ReadableDB, id: number): Review =>
  toReview(db.prepare<[number], ReviewViewRow>(`${SELECT} WHERE r.id = ?`).get(id)!);

/** The last day on which no review opens for the customer after a rejection, or null. */
export function cooldownUntil(db: ReadableDB, cust: number): string | null {
  const r = db
    .prepare<[number], { d: ReviewRow['decided_on'] }>("SELECT max(decided_on) AS d FROM reviews WHERE cust = ? AND status = 'rejected'")
    .get(cust)!;
  return r.d ? addDays(r.d, getActivePolicy(db).policy.reviewCooldownDays) : null;
}

function openReviewOf(db: ReadableDB, customerId: string): { cust: number; id: number; pending: ReviewRow['pending_tier'] } {
  const cust = customerKey(db, customerId);
  const r = db
    .prepare<[number], Pick<ReviewRow, 'id' | 'pending_tier'>>("SELECT id, pending_tier FROM reviews WHERE cust = ? AND status = 'open'")
    .get(cust);
  if (!r) throw new DomainError('NO_REVIEW', `customer "${customerId}" has no pending review`);
  return { cust, id: r.id, pending: r.pending_tier };
}

/** Approval assigns the pending tier at once, dated today. */
export function approveReview(db: WritableDB, customerId: string, reason: string | null, opts: ActionOptions): Review {
  const at = opts.now();
  const today = todayIn(platformZone(db), at);
  return db.transaction(() => {
    const { cust, id, pending } = openReviewOf(db, customerId);
    const before = getAssignment(db, cust);
    db.prepare("UPDATE reviews SET status = 'approved', decided_on = ?, actor = ?, reason = ? WHERE id = ?").run(
      today,
      opts.actor,
      reason,
      id,
    );
    const after = {
      ...before,
      tier: pending,
      pendingTier: null,
      protectedUntil: null,
      since: pending !== before.tier ? today : before.since,
    };
    putAssignment(db, cust, after);
    if (pending !== before.tier) {
      addHistory(
        db,
        cust,
        {
          from: before.tier,
          to: pending,
          date: today,
          cause: 'review',
          policyVersion: getActivePolicy(db).version,
          actor: opts.actor,
          reason,
        },
        at,
      );
    }
    audit(db, at, {
      actor: opts.actor,
      action: 'review.approve',
      entity: 'customer',
      entityId: customerId,
      before,
      after,
      details: { reviewId: id, reason },
    });
    return reviewById(db, id);
  })();
}

/** Rejection keeps the current tier and starts the cooldown during which no review opens. */
export function rejectReview(db: WritableDB, customerId: string, reason: string | null, opts: ActionOptions): Review {
  const at = opts.now();
  const today = todayIn(platformZone(db), at);
  return db.transaction(() => {
    const { cust, id } = openReviewOf(db, customerId);
    const before = getAssignment(db, cust);
    db.prepare("UPDATE reviews SET status = 'rejected', decided_on = ?, actor = ?, reason = ? WHERE id = ?").run(
      today,
      opts.actor,
      reason,
      id,
    );
    const after = { ...before, pendingTier: null };
    putAssignment(db, cust, after);
    audit(db, at, {
      actor: opts.actor,
      action: 'review.reject',
      entity: 'customer',
      entityId: customerId,
      before,
      after,
      details: { reviewId: id, reason },
    });
    return reviewById(db, id);
  })();
}
