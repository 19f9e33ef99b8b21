import type { ReadableDB } from '../../sql/connection';
import type { AssignmentRow } from '../../rows/assignments';
import type { CustomerRow, MetricsRow } from '../../rows/customers';
import type { OverrideRow } from '../../rows/overrides';
import type { CustomerListRow } from '@shared/api/channels/customers';

// The rows of a list page: one query for the page's customers, in the page's order.

/** A customer with their assignment, the override it links and their metrics; all but c.* may be missing (LEFT JOIN). */
type DetailRow = Pick<CustomerRow, 'id' | 'customer_id' | 'name' | 'kind' | 'realname_verified' | 'phone_verified'> &
  Nullable<Pick<AssignmentRow, 'tier' | 'computed_tier' | 'pending_tier' | 'protected_until' | 'since'>> & {
    o_tier: OverrideRow['tier'] | null;
    o_actor: OverrideRow['actor'] | null;
    o_set_on: OverrideRow['set_on'] | null;
    o_until: OverrideRow['until'];
    o_reason: OverrideRow['reason'] | null;
    o_cleared_on: OverrideRow['cleared_on'];
    cumulative_fen: MetricsRow['cumulative_fen'] | null;
  } & Omit<MetricsRow, 'cust' | 'cumulative_fen'>;
type Nullable<T> = { [K in keyof T]: T[K] | null };

export function details(db: ReadableDB, ids: readonly number[], today: string): CustomerListRow[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare<number[], DetailRow>(
      `SELECT c.id, c.customer_id, c.name, c.kind, c.realname_verified, c.phone_verified,
              a.tier, a.computed_tier, a.pending_tier, a.protected_until, a.since,
              o.tier AS o_tier, o.actor AS o_actor, o.set_on AS o_set_on, o.until AS o_until, o.reason AS o_reason, o.cleared_on AS o_cleared_on,
              m.cumulative_fen, m.paid_orders, m.window_fen, m.window_orders, m.annual_fen, m.active_referrals, m.contribution_points
         FROM customers c LEFT JOIN assignments a ON a.cust = c.id LEFT JOIN customer_metrics m ON m.cust = c.id LEFT JOIN overrides o ON o.id = a.override_id
        WHERE c.id IN (${ids.map(() => '?').join(', ')})`,
    )
    .all(...ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => toListRow(byId.get(id)!, today));
}

function toListRow(r: DetailRow, today: string): CustomerListRow {
  const holds = r.o_tier !== null && r.o_cleared_on === null && (r.o_until === null || r.o_until >= today);
  return {
    customerId: r.customer_id,
    name: r.name,
    kind: r.kind,
    realnameVerified: r.realname_verified === 1,
    phoneVerified: r.phone_verified === 1,
    tier: r.tier ?? 'none',
    computedTier: r.computed_tier ?? 'none',
    pendingTier: r.pending_tier,
    protectedUntil: r.protected_until,
    since: r.since,
    override: holds ? { tier: r.o_tier!, actor: r.o_actor!, setOn: r.o_set_on!, until: r.o_until, reason: r.o_reason! } : null,
    metrics:
      r.cumulative_fen === null
        ? null
        : {
            cumulativeFen: r.cumulative_fen,
            paidOrders: r.paid_orders,
            windowFen: r.window_fen,
            windowOrders: r.window_orders,
            annualFen: r.annual_fen,
            activeReferrals: r.active_referrals,
            contributionPoints: r.contribution_points,
          },
  };
}
