import type { ReadableDB } from '../../sql/connection';
import { count } from '../../sql/connection';
import { customerKey } from '../../customers';
import { toOrder, toReferral, type OrderListRow, type ReferralListRow } from '../../rows/customers';
import type { OrderRow, Paged, ReferralRow } from '@shared/api/channels/customers';

// One customer's orders and referrals, a page at a time (the customer view's tabs).

export function customerOrders(db: ReadableDB, customerId: string, offset: number, limit: number): Paged<OrderRow> {
  const cust = customerKey(db, customerId);
  const total = count(db, 'SELECT count(*) AS n FROM orders WHERE cust = ?', cust);
  const rows = db
    .prepare<[number, number, number], OrderListRow>(
      'SELECT order_id, placed_at, amount_fen, status, category FROM orders WHERE cust = ? ORDER BY placed_at DESC, order_id DESC LIMIT ? OFFSET ?',
    )
    .all(cust, limit, offset);
  return { total, offset, rows: rows.map(toOrder) };
}

export function customerReferrals(db: ReadableDB, customerId: string, offset: number, limit: number): Paged<ReferralRow> {
  const cust = customerKey(db, customerId);
  const total = count(db, 'SELECT count(*) AS n FROM referrals WHERE referrer = ?', cust);
  const rows = db
    .prepare<[number, number, number], ReferralListRow>(
      `SELECT c.customer_id, c.name, r.referred_at, c.realname_verified, coalesce(a.tier, 'none') AS tier
         FROM referrals r JOIN customers c ON c.id = r.referred LEFT JOIN assignments a ON a.cust = r.referred
        WHERE r.referrer = ? ORDER BY r.referred_at DESC, c.customer_id LIMIT ? OFFSET ?`,
    )
    .all(cust, limit, offset);
  return { total, offset, rows: rows.map(toReferral) };
}
