import { fenToCny, formatFen } from '@shared/money';
import { MONEY_METRICS, type Metric } from '@shared/policy';
import type { Tier } from '@shared/tiers';
import { formatMetric, type ConditionStatus, type Explanation, type RuleStatus } from '../engine/explain';
import type { OrderBehind, OrderSum } from '../engine/explainAt';

/** The unit of a condition's value, actual and missing. */
export type Unit = 'CNY' | 'count' | 'flag';

const FLAGS: ReadonlySet<Metric> = new Set(['realnameVerified', 'phoneVerified', 'enterprise']);
export const unitOf = (m: Metric): Unit => (MONEY_METRICS.has(m) ? 'CNY' : FLAGS.has(m) ? 'flag' : 'count');

export interface ConditionJson {
  metric: Metric;
  op: ConditionStatus['op'];
  unit: Unit;
  value: number;
  actual: number;
  met: boolean;
  missing: number | null;
  text: string;
}
export interface RuleJson {
  ruleIndex: number;
  ruleNumber: number;
  met: boolean;
  conditions: ConditionJson[];
}
export interface OrderJson {
  orderId: string;
  placedAt: string;
  amountCny: number;
  status: OrderBehind['status'];
  countsIn: OrderSum[];
}

/** `tierdesk explain --json`: every amount of money in CNY (decimal numbers), rules numbered from 0 (ruleIndex) and 1 (ruleNumber). */
export interface ExplainJson extends Omit<Explanation, 'qualifiedBy' | 'next'> {
  /** 'evaluation': the metrics stored by the last evaluation; 'as-of': computed for --as-of under the active policy. */
  source: 'evaluation' | 'as-of';
  /** The tier the metrics grade to. */
  computedTier: Tier;
  qualifiedBy: ({ tier: Tier } & RuleJson) | null;
  next: { tier: Tier; requiresReview: boolean; rules: RuleJson[] } | null;
  orders?: OrderJson[] | null;
}

function conditionJson(c: ConditionStatus): ConditionJson {
  const money = MONEY_METRICS.has(c.metric);
  return {
    metric: c.metric,
    op: c.op,
    unit: unitOf(c.metric),
    value: c.value,
    actual: c.actual,
    met: c.met,
    // The engine counts what is missing in fen for money (integers, exact); CNY here like every other amount.
    missing: c.missing === null ? null : money ? fenToCny(c.missing) : c.missing,
    text: c.text,
  };
}

const ruleJson = (r: RuleStatus): RuleJson => ({
  ruleIndex: r.ruleIndex,
  ruleNumber: r.ruleIndex + 1,
  met: r.met,
  conditions: r.conditions.map(conditionJson),
});

export const orderJson = (o: OrderBehind): OrderJson => ({
  orderId: o.orderId,
  placedAt: o.placedAt,
  amountCny: fenToCny(o.amountFen),
  status: o.status,
  countsIn: o.countsIn,
});

export function explainJson(e: Explanation, source: ExplainJson['source'], orders?: OrderBehind[] | null): ExplainJson {
  const { qualifiedBy, next, ...rest } = e;
  return {
    ...rest,
    source,
    computedTier: qualifiedBy?.tier ?? 'none',
    qualifiedBy: qualifiedBy
      ? { tier: qualifiedBy.tier, ...ruleJson({ ruleIndex: qualifiedBy.ruleIndex, met: true, conditions: qualifiedBy.conditions }) }
      : null,
    next: next ? { tier: next.tier, requiresReview: next.requiresReview, rules: next.rules.map(ruleJson) } : null,
    ...(orders !== undefined ? { orders: orders && orders.map(orderJson) } : {}),
  };
}

const SUMS: OrderSum[] = ['cumulative', 'window', 'annual'];

function ordersText(orders: OrderBehind[] | null, L: string[]): void {
  if (orders === null) {
    L.push('Orders: never evaluated; give --as-of to list the orders behind the sums');
    return;
  }
  L.push(`Orders behind the sums (${orders.length}; paid orders count in cumulative, and in window / annual when placed inside them):`);
  if (orders.length === 0) L.push('  none');
  const rows = orders.map((o) => [
    o.orderId,
    o.placedAt.slice(0, 19).replace('T', ' '),
    formatFen(o.amountFen),
    o.status,
    o.countsIn.length ? o.countsIn.join(', ') : '-',
  ]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows)
    L.push(
      `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}  ${r[3]!.padEnd(widths[3]!)}  ${r[4]}`,
    );
  if (orders.length) {
    const total = (s: OrderSum) => formatFen(orders.filter((o) => o.countsIn.includes(s)).reduce((a, o) => a + o.amountFen, 0));
    L.push(`  totals: ${SUMS.map((s) => `${s} ${total(s)}`).join(', ')}`);
  }
}

/** The explanation as plain English text: money to the fen, averages to two decimals, rules numbered from 1 as in the console. */
export function explainText(e: Explanation, source: ExplainJson['source'], orders?: OrderBehind[] | null): string {
  const L: string[] = [];
  const f = (m: Metric) => formatMetric(m, e.metrics[m]);
  L.push(`${e.customerId}  ${e.name}  (${e.kind})`);
  L.push(
    e.asOf
      ? `Metrics as of ${e.asOf}${source === 'as-of' ? ' (computed now, nothing written)' : ''}, policy v${e.policyVersion}, window ${e.window!.from} .. ${e.window!.to} (${e.window!.months} months)`
      : 'Never evaluated: run "tierdesk evaluate" first',
  );
  L.push(
    `  cumulativeSpend ${f('cumulativeSpend')}  paidOrders ${f('paidOrders')}  windowSpend ${f('windowSpend')}  annualSpend ${f('annualSpend')}`,
  );
  L.push(
    `  monthlySpend ${f('monthlySpend')}  monthlyOrders ${f('monthlyOrders')}  activeReferrals ${f('activeReferrals')}  contributionPoints ${f('contributionPoints')}`,
  );
  L.push(`  realnameVerified ${f('realnameVerified')}  phoneVerified ${f('phoneVerified')}  enterprise ${f('enterprise')}`);
  const a = e.assignment;
  const computed =
    source === 'as-of'
      ? `computed as of ${e.asOf} ${e.qualifiedBy?.tier ?? 'none'} (last evaluation: ${a.computedTier})`
      : `computed ${a.computedTier}`;
  L.push(`Assigned ${a.tier}${a.since ? ` since ${a.since}` : ''}; ${computed}; pending ${a.pendingTier ?? '-'}`);
  if (e.qualifiedBy)
    L.push(
      `Qualified for ${e.qualifiedBy.tier} by rule ${e.qualifiedBy.ruleIndex + 1}: ${e.qualifiedBy.conditions.map((c) => `${c.metric} ${c.op} ${c.value}`).join(' AND ')}`,
    );
  if (e.override)
    L.push(
      `Override: ${e.override.tier} by ${e.override.actor} on ${e.override.setOn}${e.override.until ? ` until ${e.override.until}` : ''} — ${e.override.reason}`,
    );
  if (a.protectedUntil) L.push(`Protection: keeps ${a.tier} until ${a.protectedUntil} (级别保护期)`);
  if (e.review.open) L.push(`Review: ${e.review.pendingTier} pending since ${e.review.openedOn} (人工审核)`);
  if (e.review.cooldownUntil) L.push(`Review cooldown: no review opens up to and including ${e.review.cooldownUntil}`);
  if (e.next) {
    L.push(`Next tier: ${e.next.tier}${e.next.requiresReview ? ' (needs review)' : ''}, any of:`);
    for (const r of e.next.rules) {
      L.push(`  rule ${r.ruleIndex + 1}${r.met ? ' (met)' : ''}:`);
      for (const c of r.conditions) L.push(`    ${c.met ? '✓' : '✗'} ${c.text}`);
    }
  }
  if (orders !== undefined) ordersText(orders, L);
  if (e.history.length) {
    L.push('History:');
    for (const h of e.history)
      L.push(
        `  ${h.date} ${h.from} → ${h.to} (${h.cause}${h.policyVersion ? `, policy v${h.policyVersion}` : ''}, ${h.actor}${h.reason ? `: ${h.reason}` : ''})`,
      );
  }
  return L.join('\n');
}
