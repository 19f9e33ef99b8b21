import type { ReadableDB } from './sql/connection';
import { platformZone } from './db';
import { customerKey } from './customers';
import type { CustomerRow, MetricsRow } from './rows/customers';
import type { EvaluationRunRow } from './rows/evaluationRuns';
import { getAssignment, getHistory } from './assignments';
import { activeOverride } from './overrides';
import { cooldownUntil, reviewsOf } from './reviews';
import { getActivePolicy, getPolicyVersion } from './policies';
import { compileCondition, compare, type Columns } from './classify';
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

function describe(c: Condition, cols: Columns, windowMonths: number, metrics: Record<Metric, number>): ConditionStatus {
  const cc = compileCondition(c, windowMonths);
  const x = cols[cc.column][0]!;
  const met = compare(x, cc.op, cc.k);
  const base = { metric: c.metric, op: c.op, value: c.value, actual: metrics[c.metric], met };
  if (met) return { ...base, missing: null, text: `${c.metric} ${c.op} ${c.value}: met` };
  if (cc.op === '<' || cc.op === '<=') {
    return { ...base, missing: null, text: `${c.metric} must be ${cc.op} ${c.value} (now ${metrics[c.metric]})` };
  }
  if (c.metric === 'realnameVerified' || c.metric === 'phoneVerified' || c.metric === 'enterprise') {
    const what = {
      realnameVerified: 'complete real-name verification (实名认证)',
      phoneVerified: 'verify the phone number (手机号验证)',
      enterprise: 'be an enterprise customer (企业用户)',
    }[c.metric];
    return { ...base, missing: c.value === 1 ? 1 : null, text: c.value === 1 ? what : `${c.metric} must equal ${c.value}` };
  }
  if (cc.op === '==') return { ...base, missing: null, text: `${c.metric} must equal ${c.value} (now ${metrics[c.metric]})` };
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

/** Why a customer holds their tier and what the next tier needs, from the metrics of the last evaluation. */
export function explain(db: ReadableDB, customerId: string, now: () => number): Explanation {
  const cust = customerKey(db, customerId);
  const c = db
    .prepare<[number], Pick<CustomerRow, 'customer_id' | 'name' | 'kind' | 'realname_verified' | 'phone_verified'>>(
      'SELECT customer_id, name, kind, realname_verified, phone_verified FROM customers WHERE id = ?',
    )
    .get(cust)!;
  const run = db
    .prepare<[], Pick<EvaluationRunRow, 'as_of' | 'policy_version' | 'window_months'>>(
      'SELECT as_of, policy_version, window_months FROM evaluation_runs ORDER BY id DESC LIMIT 1',
    )
    .get();
  const stored = run ? getPolicyVersion(db, run.policy_version) : undefined;
  const { version, policy } = stored ?? getActivePolicy(db);
  const mrow = db.prepare<[number], MetricsRow>('SELECT * FROM customer_metrics WHERE cust = ?').get(cust);
  const v = (k: Exclude<keyof MetricsRow, 'cust'>) => mrow?.[k] ?? 0;
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
  const computed = tierOrder(assignment.computedTier);
  let qualifiedBy: Explanation['qualifiedBy'] = null;
  if (computed > 0) {
    const rule = ruleStatuses(policyW, computed, cols, metrics).find((r) => r.met);
    if (rule) qualifiedBy = { tier: assignment.computedTier, ruleIndex: rule.ruleIndex, conditions: rule.conditions };
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

/** The explanation as plain English text (CLI). */
export function explainText(e: Explanation): string {
  const L: string[] = [];
  L.push(`${e.customerId}  ${e.name}  (${e.kind})`);
  L.push(
    e.asOf
      ? `Metrics as of ${e.asOf}, policy v${e.policyVersion}, window ${e.window!.from} .. ${e.window!.to} (${e.window!.months} months)`
      : 'Never evaluated: run "tierdesk evaluate" first',
  );
  const m = e.metrics;
  L.push(
    `  cumulativeSpend ${formatFen(Math.round(m.cumulativeSpend * 100))}  paidOrders ${m.paidOrders}  windowSpend ${formatFen(Math.round(m.windowSpend * 100))}  annualSpend ${formatFen(Math.round(m.annualSpend * 100))}`,
  );
  L.push(
    `  monthlySpend ${m.monthlySpend}  monthlyOrders ${m.monthlyOrders}  activeReferrals ${m.activeReferrals}  contributionPoints ${m.contributionPoints}`,
  );
  L.push(`  realnameVerified ${m.realnameVerified}  phoneVerified ${m.phoneVerified}  enterprise ${m.enterprise}`);
  const a = e.assignment;
  L.push(`Assigned ${a.tier}${a.since ? ` since ${a.since}` : ''}; computed ${a.computedTier}; pending ${a.pendingTier ?? '-'}`);
  if (e.qualifiedBy)
    L.push(
      `Qualified for ${e.qualifiedBy.tier} by rule ${e.qualifiedBy.ruleIndex}: ${e.qualifiedBy.conditions.map((c) => `${c.metric} ${c.op} ${c.value}`).join(' AND ')}`,
    );
  if (e.override)
    L.push(
      `Override: ${e.override.tier} by ${e.override.actor} on ${e.override.setOn}${e.override.until ? ` until ${e.override.until}` : ''} — ${e.override.reason}`,
    );
  if (a.protectedUntil) L.push(`Protection: keeps ${a.tier} until ${a.protectedUntil} (级别保护期)`);
  if (e.review.open) L.push(`Review: ${e.review.pendingTier} pending since ${e.review.openedOn} (人工审核)`);
  if (e.review.cooldownUntil) L.push(`Review cooldown until ${e.review.cooldownUntil}`);
  if (e.next) {
    L.push(`Next tier: ${e.next.tier}${e.next.requiresReview ? ' (needs review)' : ''}, any of:`);
    for (const r of e.next.rules) {
      L.push(`  rule ${r.ruleIndex}${r.met ? ' (met)' : ''}:`);
      for (const c of r.conditions) L.push(`    ${c.met ? '✓' : '✗'} ${c.text}`);
    }
  }
  if (e.history.length) {
    L.push('History:');
    for (const h of e.history)
      L.push(
        `  ${h.date} ${h.from} → ${h.to} (${h.cause}${h.policyVersion ? `, policy v${h.policyVersion}` : ''}, ${h.actor}${h.reason ? `: ${h.reason}` : ''})`,
      );
  }
  return L.join('\n');
}
