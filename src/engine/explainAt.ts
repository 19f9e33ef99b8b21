import type { ReadableDB } from './db';
import { platformZone } from './db';
import { computeMetrics } from './metrics';
import { windowsFor } from './time';
import { DateTime } from 'luxon';

/** Metric totals of one customer in the columns of customer_metrics (fen and counts, exact integers). */
export type MetricTotals = Record<
  'cumulative_fen' | 'paid_orders' | 'window_fen' | 'window_orders' | 'annual_fen' | 'active_referrals' | 'contribution_points',
  number
>;

/**
 * The totals an evaluation as of `asOf` would store for the customer, computed without writing anything.
 * It aggregates the whole base (computeMetrics) so active referrals follow exactly the rules evaluate uses.
 */
export function metricTotalsAt(db: ReadableDB, cust: number, asOf: string, windowMonths: number): MetricTotals {
  const m = computeMetrics(db, asOf, windowMonths, platformZone(db));
  const k = m.ids.indexOf(cust);
  const at = (col: Float64Array) => (k < 0 ? 0 : col[k]!);
  return {
    cumulative_fen: at(m.cumulativeFen),
    paid_orders: at(m.paidOrders),
    window_fen: at(m.windowFen),
    window_orders: at(m.windowOrders),
    annual_fen: at(m.annualFen),
    active_referrals: at(m.activeReferrals),
    contribution_points: at(m.contributionPoints),
  };
}

/** A sum of spec §4 an order can count in. */
export type OrderSum = 'cumulative' | 'window' | 'annual';

export interface OrderBehind {
  orderId: string;
  /** Epoch ms. */
  placedAtMs: number;
  /** ISO 8601 in the platform time zone, with its offset. */
  placedAt: string;
  amountFen: number;
  status: 'paid' | 'refunded';
  /** The sums this order counts in (empty for a refunded order). */
  countsIn: OrderSum[];
}

/**
 * The customer's orders placed up to the end of `asOf` (oldest first), with the sums each one counts in:
 * paid orders count in the cumulative sum, in the rolling window of `windowMonths` and in the annual window
 * when placed inside them; refunded orders count in none. Later orders do not exist for that date.
 */
export function ordersBehind(db: ReadableDB, cust: number, asOf: string, windowMonths: number): OrderBehind[] {
  const zone = platformZone(db);
  const w = windowsFor(asOf, windowMonths, zone);
  const rows = db
    .prepare('SELECT order_id, placed_at, amount_fen, status FROM orders WHERE cust = ? AND placed_at < ? ORDER BY placed_at, order_id')
    .all(cust, w.end) as { order_id: string; placed_at: number; amount_fen: number; status: 'paid' | 'refunded' }[];
  return rows.map((r) => {
    const countsIn: OrderSum[] = [];
    if (r.status === 'paid') {
      countsIn.push('cumulative');
      if (r.placed_at >= w.windowStart) countsIn.push('window');
      if (r.placed_at >= w.annualStart) countsIn.push('annual');
    }
    return {
      orderId: r.order_id,
      placedAtMs: r.placed_at,
      placedAt: DateTime.fromMillis(r.placed_at, { zone }).toISO({ suppressMilliseconds: true })!,
      amountFen: r.amount_fen,
      status: r.status,
      countsIn,
    };
  });
}
