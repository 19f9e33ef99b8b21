import type { Tier } from '@shared/tiers';
import type { ReviewView as Review } from '@shared/api/channels/customers';
import type { CustomerRow } from './customers';

/** A row of `reviews` (migration 001). */
export interface ReviewRow {
  id: number;
  cust: number;
  from_tier: Tier;
  pending_tier: Tier;
  opened_on: string;
  status: Review['status'];
  decided_on: string | null;
  actor: string | null;
  reason: string | null;
}

/** A review with its customer and the customer's current tier (REVIEW_SELECT in reviews.ts). */
export type ReviewViewRow = Pick<ReviewRow, 'id' | 'pending_tier' | 'opened_on' | 'status' | 'decided_on' | 'actor' | 'reason'> &
  Pick<CustomerRow, 'customer_id' | 'name'> & { current_tier: Tier };

export const toReview = (r: ReviewViewRow): Review => ({
  id: r.id,
  customerId: r.customer_id,
  name: r.name,
  currentTier: r.current_tier,
  pendingTier: r.pending_tier,
  openedOn: r.opened_on,
  status: r.status,
  decidedOn: r.decided_on,
  actor: r.actor,
  reason: r.reason,
});
