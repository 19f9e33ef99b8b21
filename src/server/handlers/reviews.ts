import { openReviewCount } from '../../engine/queries/dashboard';
import { reviewQueue } from '../../engine/queries/customers';
import { approveReview, rejectReview, type Review } from '../../engine/reviews';
import { DomainError } from '../../engine/errors';
import type { ActionOptions } from '../../engine/overrides';
import type { DB } from '../../engine/db';
import type { BulkDecision } from '@shared/api/channels/reviews';
import type { REVIEW_CHANNELS } from '@shared/api/channels/reviews';
import type { HandlersFor } from './types';

type Decide = (db: DB, customerId: string, reason: string | null, opts: ActionOptions) => Review;

/** One transaction per customer: a failure (no open review any more, unknown id) leaves the others decided. */
function decideAll(db: DB, decide: Decide, customerIds: string[], reason: string, opts: ActionOptions): BulkDecision {
  const out: BulkDecision = { decided: [], failed: [] };
  for (const customerId of new Set(customerIds)) {
    try {
      out.decided.push(decide(db, customerId, reason, opts));
    } catch (e) {
      if (e instanceof DomainError) out.failed.push({ customerId, code: e.code, message: e.message });
      else out.failed.push({ customerId, code: 'INTERNAL', message: `${customerId}: ${(e as Error)?.message ?? String(e)}` });
    }
  }
  return out;
}

/** Handlers of the channels in src/shared/api/channels/reviews.ts: the navigation badge and the review queue. */
export const handlers = {
  'reviews:count': async (_input, ctx) => ({ open: openReviewCount(ctx.db) }),
  'reviews:list': async (input, ctx) => reviewQueue(ctx.db, input, ctx.now),
  'reviews:approve': async (input, ctx) =>
    decideAll(ctx.db, approveReview, input.customerIds, input.reason, { actor: ctx.actor, now: ctx.now }),
  'reviews:reject': async (input, ctx) =>
    decideAll(ctx.db, rejectReview, input.customerIds, input.reason, { actor: ctx.actor, now: ctx.now }),
} satisfies HandlersFor<typeof REVIEW_CHANNELS>;
