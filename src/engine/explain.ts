import type { ReadableDB } from './sql/connection';
import { platformZone } from './db';
import { customerKey } from './customers';
import type { CustomerRow, MetricsRow } from './rows/customers';
import type { EvaluationRunRow } from './rows/evaluationRuns';
import { getAssignment, getHistory } from './assignments';
import { activeOverride } from './overrides';
import { cooldownUntil, reviewsOf } from './reviews';
import { getActivePolicy, getPolicyVersion } from './policies';
import { classifyOne, compileCondition, compare, type Columns } from './classify';
import { metricTotalsAt } from './explainAt';
import { addDays, addMonths, todayIn } from './time';
import { formatFen } from '@shared/money';
import { MONEY_METRICS, type Condition, type Metric, type Policy } from '@shared/policy';
import { TIERS, tierOrder } from '@shared/tiers';
import type {
  ConditionView as ConditionStatus,
  RuleView as RuleStatus,
  TierExplanation as Explanation,
} from '@shared/api/channels/customers';

export type { ConditionStatus, RuleStatus, Explanation };

const COUNT_WORDS: Partial<Record<Metric, string>> = {
  paidOrders: 'paid orders',
  monthlyOrders: 'paid orders in the window',
  activeReferrals: 'active referrals',
  contributionPoints: 'contribution points in the window',
};

/** A metric's value for a text: money to the fen, averages to two decimals, counts as they are (decisions use the exact value). */
export function formatMetric(metric: Metric, value: number): string {
  if (MONEY_METRICS.has(metric)) return formatFen(Math.round(value * 100));
  if (metric === 'monthlyOrders') return value.toFixed(2);
  return String(value);
}

function describe(c: Condition, cols: Columns, windowMonths: number, metrics: Record<Metric, number>): ConditionStatus {
  const cc = compileCondition(c, windowMonths);
  const x = cols[cc.column][0]!;
  const met = compare(x, cc.op, cc.k);
  const base = { metric: c.metric, op: c.op, value: c.value, actual: metrics[c.metric], met };
  if (met) return { ...base, missing: null, text: `${c.metric} ${c.op} ${c.value}: met` };
  if (cc.op === '<' || cc.op === '<=') {
    return { ...base, missing: null, text: `${c.metric} must be ${cc.op} ${c.value} (now ${formatMetric(c.metric, metrics[c.metric])})` };
  }
  if (c.metric === 'realnameVerified' || c.metric === 'phoneVerified' || c.metric === 'enterprise') {
    const what = {
      realnameVerified: 'complete real-name verification (实名认证)',
      phoneVerified: 'verify the phone number (手机号验证)',
      enterprise: 'be an enterprise customer (企业用户)',
    }[c.metric];
    return { ...base, missing: c.value === 1 ? 1 : null, text: c.value === 1 ? what : `${c.metric} must equal ${c.value}` };
  }
  if (cc.op === '==')
    return { ...base, missing: null, text: `${c.metric} must equal ${c.value} (now ${formatMetric(c.metric, metrics[c.metric])})` };
  // The smallest integer total (fen or count) that passes: a strict `>` needs one unit more.
  const needed = cc.op === '>' ? Math.floor(cc.k) + 1 : Math.ceil(cc.k);
  const missing = needed - x;
  if (MONEY_METRICS.has(c.metric)) {
    if (c.metric === 'monthlySpend') {
      return {
        ...base,
        missing,
        text: `monthlySpend ${c.op} ${c.value} over ${windowMonths} months with ${formatFen(x)} spent → ${formatFen(needed)} − ${formatFen(x)} = ${formatFen(missing)} more in the window`,
      };
    }
    return { ...base, missing, text: `${c.metric}: ${formatFen(missing)} more` };
  }
  return { ...base, missing, text: `${c.metric}: ${missing} more${COUNT_WORDS[c.metric] ? ` (${COUNT_WORDS[c.metric]})` : ''}` };
}

function ruleStatuses(policy: Policy, tier: number, cols: Columns, metrics: Record<Metric, number>): RuleStatus[] {
  return policy.tiers[tier - 1]!.rules.map((r, ruleIndex) => {
    const conditions = r.all.map((c) => describe(c, cols, policy.windowMonths, metrics));
    return { ruleIndex, met: conditions.every((c) => c.met), conditions };
  });
}

export interface ExplainOptions {
  /** Metrics as of this date under the active policy, computed read-only, instead of the last evaluation's. */
  asOf?: string;
}

/** Why a customer holds their tier and what the next tier needs, from the metrics of the last evaluation (or as of a date). */
export function explain(db: ReadableDB, customerId: string, now: () => number, opts: ExplainOptions = {}): Explanation {
  const cust = customerKey(db, customerId);
  const c = db
    .prepare<[number], Pick<CustomerRow, 'customer_id' | 'name' | 'kind' | 'realname_verified' | 'phone_verified'>>(
      'SELECT customer_id, name, kind, realname_verified, phone_verified FROM customers WHERE id = ?',
    )
    .get(cust)!;
  const lastRun = db
    .prepare<[], Pick<EvaluationRunRow, 'as_of' | 'policy_version' | 'window_months'>>(
      'SELECT as_of, policy_version, window_months FROM evaluation_runs ORDER BY id DESC LIMIT 1',
    )
    .get();
  const active = opts.asOf ? getActivePolicy(db) : undefined;
  const run = active ? { as_of: opts.asOf!, policy_version: active.version, window_months: active.policy.windowMonths } : lastRun;
  const stored = run ? getPolicyVersion(db, run.policy_version) : undefined;
  const { version, policy } = stored ?? getActivePolicy(db);
  const mrow = db.prepare<[number], MetricsRow>('SELECT * FROM customer_metrics WHERE cust = ?').get(cust);
  const totals: Record<string, number> | undefined = active
    ? metricTotalsAt(db, cust, opts.asOf!, active.policy.windowMonths)
    : (mrow as unknown as Record<string, number> | undefined);
  const v = (k: string) => totals?.[k] ?? 0;
  const W = run?.window_months ?? policy.windowMonths;
  const cols: Columns = {
    cumulativeFen: Float64Array.of(v('cumulative_fen')),
    paidOrders: Float64Array.of(v('paid_orders')),
    windowFen: Float64Array.of(v('window_fen')),
    windowOrders: Float64Array.of(v('window_orders')),
    annualFen: Float64Array.of(v('annual_fen')),
    activeReferrals: Float64Array.of(v('active_referrals')),
    contributionPoints: Float64Array.of(v('contribution_points')),
    realnameVerified: Float64Array.of(c.realname_verified),
    phoneVerified: Float64Array.of(c.phone_verified),
    enterprise: Float64Array.of(c.kind === 'enterprise' ? 1 : 0),
  };
  const metrics: Record<Metric, number> = {
    cumulativeSpend: v('cumulative_fen') / 100,
    paidOrders: v('paid_orders'),
    windowSpend: v('window_fen') / 100,
    monthlySpend: v('window_fen') / 100 / W,
    monthlyOrders: v('window_orders') / W,
    annualSpend: v('annual_fen') / 100,
    activeReferrals: v('active_referrals'),
    contributionPoints: v('contribution_points'),
    realnameVerified: c.realname_verified,
    phoneVerified: c.phone_verified,
    enterprise: c.kind === 'enterprise' ? 1 : 0,
  };
  const assignment = getAssignment(db, cust);
  const policyW = { ...policy, windowMonths: W };
  // As of another date the metrics grade anew; otherwise the computed tier is the last evaluation's.
  const computed = active ? classifyOne(policyW, cols, 0).computed : tierOrder(assignment.computedTier);
  let qualifiedBy: Explanation['qualifiedBy'] = null;
  if (computed > 0) {
    const rule = ruleStatuses(policyW, computed, cols, metrics).find((r) => r.met);
    if (rule) qualifiedBy = { tier: TIERS[computed]!, ruleIndex: rule.ruleIndex, conditions: rule.conditions };
  }
  // The next tier up that the policy can grant: a tier without rules is unreachable and skipped.
  let nextOrder = Math.max(computed, tierOrder(assignment.tier)) + 1;
  while (nextOrder <= 5 && policy.tiers[nextOrder - 1]!.rules.length === 0) nextOrder++;
  const next =
    nextOrder <= 5
      ? {
          tier: TIERS[nextOrder]!,
          requiresReview: policy.tiers[nextOrder - 1]!.requiresReview,
          rules: ruleStatuses(policyW, nextOrder, cols, metrics),
        }
      : null;
  const reviews = reviewsOf(db, cust);
  const open = reviews.find((r) => r.status === 'open');
  const today = todayIn(platformZone(db), now());
  return {
    customerId: c.customer_id,
    name: c.name,
    kind: c.kind,
    asOf: run?.as_of ?? null,
    policyVersion: version,
    window: run ? { months: W, from: addDays(addMonths(run.as_of, -W), 1), to: run.as_of } : null,
    metrics,
    assignment,
    override: activeOverride(db, cust, today),
    qualifiedBy,
    next,
    review: {
      open: !!open,
      pendingTier: open?.pendingTier ?? null,
      openedOn: open?.openedOn ?? null,
      cooldownUntil: cooldownUntil(db, cust),
    },
    history: getHistory(db, cust),
  };
}
