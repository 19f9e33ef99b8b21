import type { ConditionView, RuleView } from '@shared/api/channels/customers';
import type { Metric } from '@shared/policy';

/** i18next's `t` as these helpers use it (a plain function, so they are testable without React). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const COUNT_METRICS: Partial<Record<Metric, string>> = {
  paidOrders: 'customers.missing.paidOrders',
  activeReferrals: 'customers.missing.activeReferrals',
  contributionPoints: 'customers.missing.contributionPoints',
};
const FLAG_METRICS: ReadonlySet<Metric> = new Set(['realnameVerified', 'phoneVerified', 'enterprise']);
const MONEY_METRICS: ReadonlySet<Metric> = new Set(['cumulativeSpend', 'windowSpend', 'annualSpend']);

/** How far a condition is along, 0…100: the share of the threshold reached for `>=` / `>`, else met or not. */
export function conditionPercent(c: ConditionView): number {
  if (c.met) return 100;
  if ((c.op === '>=' || c.op === '>') && c.value > 0 && !FLAG_METRICS.has(c.metric))
    return Math.max(0, Math.min(99, Math.floor((c.actual / c.value) * 100)));
  return 0;
}

export function metricLabel(t: Translate, metric: Metric, months: number): string {
  return t(`customers.metric.${metric}`, { months });
}

/** What an unmet condition still needs, from the engine's numbers: `¥1,000.00 累计消费`, `2 名活跃推荐用户`. */
export function missingPhrase(c: ConditionView, t: Translate, cny: (fen: number) => string, months: number): string {
  const metric = metricLabel(t, c.metric, months);
  if (c.missing === null)
    return t('customers.missing.cannot', {
      metric,
      op: c.op,
      value: c.value,
      actual: Number.isInteger(c.actual) ? c.actual : c.actual.toFixed(2),
    });
  if (MONEY_METRICS.has(c.metric)) return t('customers.missing.money', { amount: cny(c.missing), metric });
  if (c.metric === 'monthlySpend') return t('customers.missing.monthlySpend', { amount: cny(c.missing), metric, months });
  if (c.metric === 'monthlyOrders') return t('customers.missing.monthlyOrders', { n: c.missing, metric, months });
  if (FLAG_METRICS.has(c.metric)) return t('customers.missing.flag', { metric });
  return t(COUNT_METRICS[c.metric]!, { n: c.missing });
}

/** One rule's unmet conditions, joined by "and". */
export function ruleMissing(r: RuleView, t: Translate, cny: (fen: number) => string, months: number): string {
  return r.conditions
    .filter((c) => !c.met)
    .map((c) => missingPhrase(c, t, cny, months))
    .join(` ${t('customers.file.and')} `);
}

/**
 * What the next tier needs, alternatives joined by "or": `还差 ¥1,000.00 累计消费 或 2 名活跃推荐用户`.
 * Null when a rule already holds (the tier then waits for a review, a protection period or an evaluation).
 */
export function missingSentence(rules: RuleView[], t: Translate, cny: (fen: number) => string, months: number): string | null {
  if (rules.some((r) => r.met)) return null;
  const parts = rules.map((r) => ruleMissing(r, t, cny, months)).join(` ${t('customers.file.or')} `);
  return t('customers.file.missingSentence', { parts });
}
