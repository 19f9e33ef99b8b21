import type { ReadableDB } from '../../sql/connection';
import { count } from '../../sql/connection';
import { platformZone } from '../../db';
import { getActivePolicy } from '../../policies';
import { todayIn } from '../../time';
import type { Tier } from '@shared/tiers';
import type { ReviewQueue, ReviewQueueRow } from '@shared/api/channels/customers';
import type { CustomerRow, MetricsRow } from '../../rows/customers';
import type { ReviewRow } from '../../rows/reviews';
import { likePattern } from './filter';

/** A queued review with its customer's tier and metrics (0 without a metrics row). */
type QueueRow = Pick<CustomerRow, 'customer_id' | 'name' | 'kind'> &
  Pick<ReviewRow, 'pending_tier' | 'opened_on'> &
  Pick<MetricsRow, 'cumulative_fen' | 'annual_fen' | 'window_fen' | 'active_referrals'> & { current_tier: Tier };

const toQueueRow = (r: QueueRow): ReviewQueueRow => ({
  customerId: r.customer_id,
  name: r.name,
  kind: r.kind,
  currentTier: r.current_tier,
  pendingTier: r.pending_tier,
  openedOn: r.opened_on,
  cumulativeFen: r.cumulative_fen,
  annualFen: r.annual_fen,
  windowFen: r.window_fen,
  activeReferrals: r.active_referrals,
});

/** Open reviews, oldest first, with the metrics of the last evaluation. */
export function reviewQueue(db: ReadableDB, q: { search?: string; offset: number; limit: number }, now: () => number): ReviewQueue {
  const where = ["r.status = 'open'"];
  const params: unknown[] = [];
  const search = q.search?.trim();
  if (search) {
    where.push("(c.customer_id LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')");
    params.push(likePattern(search), likePattern(search));
  }
  const from = `FROM reviews r JOIN customers c ON c.id = r.cust LEFT JOIN assignments a ON a.cust = r.cust LEFT JOIN customer_metrics m ON m.cust = r.cust WHERE ${where.join(' AND ')}`;
  const total = count(db, `SELECT count(*) AS n ${from}`, ...params);
  const rows = db
    .prepare<unknown[], QueueRow>(
      `SELECT c.customer_id, c.name, c.kind, coalesce(a.tier, 'none') AS current_tier, r.pending_tier, r.opened_on,
              coalesce(m.cumulative_fen, 0) AS cumulative_fen, coalesce(m.annual_fen, 0) AS annual_fen, coalesce(m.window_fen, 0) AS window_fen,
              coalesce(m.active_referrals, 0) AS active_referrals
         ${from} ORDER BY r.opened_on, c.customer_id LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset);
  return {
    total,
    offset: q.offset,
    cooldownDays: getActivePolicy(db).policy.reviewCooldownDays,
    today: todayIn(platformZone(db), now()),
    rows: rows.map(toQueueRow),
  };
}
