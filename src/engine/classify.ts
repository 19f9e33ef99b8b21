import type { Condition, Metric, Op, Policy } from '@shared/policy';
import type { MetricsTable } from './metrics';

/** Columns a condition reads; every one holds integers (fen or counts). */
export const COLUMNS = [
  'cumulativeFen',
  'paidOrders',
  'windowFen',
  'windowOrders',
  'annualFen',
  'activeReferrals',
  'contributionPoints',
  'realnameVerified',
  'phoneVerified',
  'enterprise',
] as const;
export type Column = (typeof COLUMNS)[number];
export type Columns = Pick<MetricsTable, Column>;

const COLUMN_OF: Record<Metric, Column> = {
  cumulativeSpend: 'cumulativeFen',
  paidOrders: 'paidOrders',
  windowSpend: 'windowFen',
  monthlySpend: 'windowFen',
  monthlyOrders: 'windowOrders',
  annualSpend: 'annualFen',
  activeReferrals: 'activeReferrals',
  contributionPoints: 'contributionPoints',
  realnameVerified: 'realnameVerified',
  phoneVerified: 'phoneVerified',
  enterprise: 'enterprise',
};

/**
 * A condition as `column[i] op k` over integer columns, so comparisons are exact: money in fen
 * (value × 100), and an average over the window compared as a total (monthlySpend > 1000 over 6
 * months ⇔ windowFen > 600000), never as a rounded quotient.
 */
export function compileCondition(c: Condition, windowMonths: number): { column: Column; op: Op; k: number } {
  const v100 = Math.round(c.value * 100);
  let k: number;
  switch (c.metric) {
    case 'cumulativeSpend':
    case 'windowSpend':
    case 'annualSpend':
      k = v100;
      break;
    case 'monthlySpend':
      k = v100 * windowMonths;
      break;
    case 'monthlyOrders':
      // windowOrders / W op v100 / 100 ⇔ windowOrders op v100·W / 100; integers never fall between
      // the exact quotient and its nearest double, so comparing with the double is exact.
      k = (v100 * windowMonths) / 100;
      break;
    default:
      k = v100 / 100;
  }
  return { column: COLUMN_OF[c.metric], op: c.op, k };
}

export function compare(x: number, op: Op, k: number): boolean {
  switch (op) {
    case '>=':
      return x >= k;
    case '>':
      return x > k;
    case '<=':
      return x <= k;
    case '<':
      return x < k;
    case '==':
      return x === k;
  }
}

export function conditionHolds(c: Condition, cols: Columns, k: number, windowMonths: number): boolean {
  const cc = compileCondition(c, windowMonths);
  return compare(cols[cc.column][k]!, cc.op, cc.k);
}

/** Index of the first alternative rule of tier t (1..5) that holds for position k, or -1. */
export function qualifyingRule(policy: Policy, tierIndex: number, cols: Columns, k: number): number {
  const tier = policy.tiers[tierIndex - 1]!;
  return tier.rules.findIndex((r) => r.all.every((c) => conditionHolds(c, cols, k, policy.windowMonths)));
}

/** Reference classification of one customer by walking the rule tree (explain and tests use it). */
export function classifyOne(policy: Policy, cols: Columns, k: number): { computed: number; noReview: number } {
  if (qualifyingRule(policy, 1, cols, k) < 0) return { computed: 0, noReview: 0 };
  let computed = 1;
  let noReview = policy.tiers[0]!.requiresReview ? 0 : 1;
  for (let t = 2; t <= 5; t++) {
    if (qualifyingRule(policy, t, cols, k) >= 0) {
      computed = t;
      if (!policy.tiers[t - 1]!.requiresReview) noReview = t;
    }
  }
  return { computed, noReview };
}

export type Classifier = (cols: Columns, n: number, computed: Uint8Array, noReview?: Uint8Array) => void;

/**
 * Compiles a policy into one straight-line loop over the columns: the rule tree is turned into
 * JavaScript once, so classifying a million customers is a tight loop the JIT optimises rather than
 * an interpreter walking objects per customer. The generated code only contains column names from
 * COLUMNS, operators from OPS and numeric literals: nothing from the document is spliced as text.
 */
export function compileClassifier(policy: Policy): Classifier {
  const used = new Set<Column>();
  const ruleExpr = (tierIndex: number): string => {
    const tier = policy.tiers[tierIndex - 1]!;
    if (tier.rules.length === 0) return 'false';
    return tier.rules
      .map(
        (r) =>
          '(' +
          r.all
            .map((c) => {
              const cc = compileCondition(c, policy.windowMonths);
              if (!Number.isFinite(cc.k)) throw new Error(`non-finite threshold in ${c.metric}`);
              used.add(cc.column);
              const op = cc.op === '==' ? '===' : cc.op;
              return `${cc.column}[i] ${op} ${String(cc.k)}`;
            })
            .join(' && ') +
          ')',
      )
      .join(' || ');
  };
  const lines: string[] = [];
  lines.push(`if (${ruleExpr(1)}) { t = 1; ${policy.tiers[0]!.requiresReview ? '' : 'r = 1;'}`);
  for (let t = 2; t <= 5; t++) {
    lines.push(`  if (${ruleExpr(t)}) { t = ${t}; ${policy.tiers[t - 1]!.requiresReview ? '' : `r = ${t};`} }`);
  }
  lines.push('}');
  const decl = [...used].map((c) => `const ${c} = cols.${c};`).join('\n');
  const src = `${decl}
for (let i = 0; i < n; i++) {
  let t = 0, r = 0;
  ${lines.join('\n  ')}
  computed[i] = t;
  if (noReview !== undefined) noReview[i] = r;
}`;
  return new Function('cols', 'n', 'computed', 'noReview', src) as Classifier;
}
