import type { ReadableDB } from './sql/connection';
import { csvLine } from '@shared/csv';

/**
 * The data interface of `tierdesk export tiers`: every customer (never-evaluated ones as `none`),
 * ordered by customer_id in code-unit order (JavaScript's string order, not SQLite's byte order).
 */
export function* exportTiersCsv(db: ReadableDB): Generator<string> {
  const rows = db
    .prepare<[], (string | null)[]>(
      `SELECT c.customer_id, coalesce(a.tier, 'none'), coalesce(a.computed_tier, 'none'), a.pending_tier, a.protected_until, a.since
         FROM customers c LEFT JOIN assignments a ON a.cust = c.id`,
    )
    .raw()
    .all();
  rows.sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0));
  yield csvLine(['customer_id', 'tier', 'computed_tier', 'pending_tier', 'protected_until', 'since']);
  let chunk = '';
  for (const r of rows) {
    chunk += csvLine(r);
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
