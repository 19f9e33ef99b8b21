import { DomainError } from '../errors';
import { compileClassifier, compileCondition } from '../classify';
import type { Condition, Policy } from '@shared/policy';
import { RANKED_TIERS, TIERS, type RankedTier } from '@shared/tiers';
import type { SweepPoint } from '@shared/api/channels/policy';
import { loadMetrics, type SimContext, type TierCounts } from './engine';

export type { SweepPoint };

/** One condition of a policy: `tiers[tier].rules[rule].all[condition]` (0-based indexes). */
export interface SweepTarget {
  tier: RankedTier;
  rule: number;
  condition: number;
}

export interface SweepResult {
  points: SweepPoint[];
  engineMs: number;
}

/** The condition a sweep varies, or a message saying which index does not exist. */
export function sweepCondition(policy: Policy, t: SweepTarget): { condition: Condition } | { problem: string } {
  const ti = RANKED_TIERS.indexOf(t.tier);
  if (ti < 0) return { problem: `tier "${t.tier}" has no rules to sweep (use one of ${RANKED_TIERS.join(', ')})` };
  const rules = policy.tiers[ti]!.rules;
  const rule = rules[t.rule];
  if (!rule) return { problem: `rule ${t.rule} does not exist: ${t.tier} has ${rules.length} rule(s) (indexes from 0)` };
  const c = rule.all[t.condition];
  if (!c)
    return {
      problem: `condition ${t.condition} does not exist: ${t.tier} rule ${t.rule} has ${rule.all.length} condition(s) (indexes from 0)`,
    };
  return { condition: c };
}

/** `steps` values evenly spaced from `from` to `to` inclusive, each rounded to the fen. */
export function sweepValues(from: number, to: number, steps: number): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new DomainError('BAD_SWEEP', 'sweep bounds must be finite numbers');
  if (!Number.isSafeInteger(steps) || steps < 2) throw new DomainError('BAD_SWEEP', `a sweep needs at least 2 points (got ${steps})`);
  const a = Math.round(from * 100),
    b = Math.round(to * 100);
  return Array.from({ length: steps }, (_, j) => Math.round(a + ((b - a) * j) / (steps - 1)) / 100);
}

// Replacements for the swept condition that hold for everyone / for no one: paid order counts are
// never negative.
const ALWAYS: Condition = { metric: 'paidOrders', op: '>=', value: 0 };
const NEVER: Condition = { metric: 'paidOrders', op: '<', value: 0 };

function replaced(policy: Policy, t: SweepTarget, c: Condition): Policy {
  const ti = RANKED_TIERS.indexOf(t.tier);
  return {
    ...policy,
    tiers: policy.tiers.map((tier, i) =>
      i !== ti
        ? tier
        : { ...tier, rules: tier.rules.map((r, ri) => (ri !== t.rule ? r : { all: r.all.map((x, ci) => (ci === t.condition ? c : x)) })) },
    ),
  };
}

/**
 * Scenario counts for each value of one condition. A customer's tier depends on the swept condition
 * only through whether it holds, so every customer is classified twice (condition forced true and
 * forced false, with compileClassifier) and only those whose two tiers differ are
 * placed among the sorted thresholds: below, equal to, or between them. Each point is then a range of
 * those slots, read from prefix sums. The result is exactly what simulating the draft with each value
 * gives (the tests check it), in about the time of two simulations however many points.
 */
export function sweep(ctx: SimContext, draft: Policy, asOf: string, target: SweepTarget, values: number[]): SweepResult {
  const t0 = performance.now();
  const found = sweepCondition(draft, target);
  if ('problem' in found) throw new DomainError('SWEEP_TARGET', found.problem);
  for (const v of values) if (!Number.isFinite(v)) throw new DomainError('BAD_SWEEP', `sweep value ${v} is not a finite number`);
  const W = draft.windowMonths;
  const compiled = values.map((value) => compileCondition({ ...found.condition, value }, W));
  const m = loadMetrics(ctx, asOf, W);
  const n = m.n;
  const ifTrue = new Uint8Array(n),
    ifFalse = new Uint8Array(n);
  compileClassifier(replaced(draft, target, ALWAYS))(m, n, ifTrue);
  compileClassifier(replaced(draft, target, NEVER))(m, n, ifFalse);

  const ks = Float64Array.from(new Set(compiled.map((c) => c.k))).sort();
  const P = ks.length;
  const indexOfK = new Map(Array.from(ks, (k, q) => [k, q]));
  const slots = 2 * P + 1; // slot 2j+1: x == ks[j]; slot 2j: ks[j-1] < x < ks[j]
  const delta = new Float64Array((slots + 1) * 6);
  const base = new Float64Array(6);
  const col = m[compileCondition(found.condition, W).column];
  for (let i = 0; i < n; i++) {
    const f = ifFalse[i]!,
      t = ifTrue[i]!;
    base[f]!++;
    if (t === f) continue;
    const x = col[i]!;
    let lo = 0,
      hi = P;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ks[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    const slot = lo < P && ks[lo] === x ? 2 * lo + 1 : 2 * lo;
    // Stored one slot up so that the running sum below is a prefix sum: pre[s] = Σ slots < s.
    delta[(slot + 1) * 6 + t]!++;
    delta[(slot + 1) * 6 + f]!--;
  }
  for (let s = 1; s <= slots; s++) for (let j = 0; j < 6; j++) delta[s * 6 + j]! += delta[(s - 1) * 6 + j]!;

  const points = compiled.map((c, j): SweepPoint => {
    const q = indexOfK.get(c.k)!;
    const [from, to] = {
      '>=': [2 * q + 1, slots - 1],
      '>': [2 * q + 2, slots - 1],
      '<=': [0, 2 * q + 1],
      '<': [0, 2 * q],
      '==': [2 * q + 1, 2 * q + 1],
    }[c.op];
    const counts = {} as TierCounts;
    TIERS.forEach((tier, ti) => {
      counts[tier] = base[ti]! + (to! >= from! ? delta[(to! + 1) * 6 + ti]! - delta[from! * 6 + ti]! : 0);
    });
    return { value: values[j]!, counts };
  });
  return { points, engineMs: performance.now() - t0 };
}
