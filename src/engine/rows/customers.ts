import type { OrderRow as Order, ReferralRow as Referral } from '@shared/api/channels/customers';
import type { Tier } from '@shared/tiers';

/*
 * Rows of the customer tables (migration 001): customers, orders, referrals, contributions and
 * customer_metrics, with the mappers from a row to what the engine hands out.
 */

export type CustomerKind = 'individual' | 'enterprise';

export interface CustomerRow {
  id: number;
  customer_id: string;
  name: string;
  kind: CustomerKind;
  realname_verified: 0 | 1;
  phone_verified: 0 | 1;
  registered_at: number | null;
}

export interface OrderRow {
  order_id: string;
  cust: number;
  placed_at: number;
  amount_fen: number;
  status: 'paid' | 'refunded';
  category: string | null;
}

export interface ReferralRow {
  referrer: number;
  referred: number;
  referred_at: number;
}

export interface ContributionRow {
  cust: number;
  kind: string;
  at: number;
  points: number;
}

/** Metrics as of the last evaluation. */
export interface MetricsRow {
  cust: number;
  cumulative_fen: number;
  paid_orders: number;
  window_fen: number;
  window_orders: number;
  annual_fen: number;
  active_referrals: number;
  contribution_points: number;
}

/** What the customer view lists of an order. */
export type OrderListRow = Pick<OrderRow, 'order_id' | 'placed_at' | 'amount_fen' | 'status' | 'category'>;

export const toOrder = (r: OrderListRow): Order => ({
  orderId: r.order_id,
  placedAt: r.placed_at,
  amountFen: r.amount_fen,
  status: r.status,
  category: r.category,
});

/** A referral with the referred customer and their tier (`none` without an assignment). */
export type ReferralListRow = Pick<ReferralRow, 'referred_at'> &
  Pick<CustomerRow, 'customer_id' | 'name' | 'realname_verified'> & { tier: Tier };

export const toReferral = (r: ReferralListRow): Referral => ({
  customerId: r.customer_id,
  name: r.name,
  referredAt: r.referred_at,
  realnameVerified: r.realname_verified === 1,
  tier: r.tier,
});
