import type { Policy } from '@shared/policy';
import { RANKED_TIERS, TIERS, type Tier } from '@shared/tiers';
import type { CostFigure, CostFigures, CostTable } from '@shared/api/channels/policy';

export type { CostFigures, CostTable };

/**
 * The cost model of spec §7 in exact arithmetic. Every rate is constant within a tier, so the sum
 * over a tier's customers of `annualSpend × rate` is `rate × (the tier's annual spend)`: the spend is
 * an exact integer sum in fen and each rate is taken as the decimal it was written as (0.065, not
 * the nearest double), so sums, totals, net and differences are exact fractions of a fen, rounded to
 * the fen (half away from zero) only when they are reported.
 */
export interface Exact {
  /** Value in fen = num / 10^scale. */
  num: bigint;
  scale: number;
}

export const COST_KEYS = ['discount', 'rebate', 'points', 'feeRevenue', 'net'] as const satisfies readonly CostFigure[];
export type CostKey = (typeof COST_KEYS)[number];
export type ExactCost = Record<CostKey, Exact>;

const ZERO: Exact = { num: 0n, scale: 0 };
const pow10 = (k: number): bigint => 10n ** BigInt(k);

/** The decimal a JavaScript number was written as (its shortest round-trip form), exactly. */
export function decimal(x: number): Exact {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new Error(`not a finite number: ${x}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let num = BigInt(int! + frac) * (sign ? -1n : 1n);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    num *= pow10(-scale);
    scale = 0;
  }
  return { num, scale };
}

function align(a: Exact, b: Exact): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.num * pow10(s - a.scale), b.num * pow10(s - b.scale), s];
}
export const add = (a: Exact, b: Exact): Exact => {
  const [x, y, s] = align(a, b);
  return { num: x + y, scale: s };
};
export const sub = (a: Exact, b: Exact): Exact => {
  const [x, y, s] = align(a, b);
  return { num: x - y, scale: s };
};
export const mul = (a: Exact, b: Exact): Exact => ({ num: a.num * b.num, scale: a.scale + b.scale });

/** Rounds to whole fen, half away from zero. */
export function roundFen(v: Exact): number {
  if (v.scale === 0) return Number(v.num);
  const d = pow10(v.scale);
  const neg = v.num < 0n;
  const abs = neg ? -v.num : v.num;
  const q = (abs * 2n + d) / (2n * d);
  return Number(neg ? -q : q);
}

/** Fen (exact) to CNY rounded to the fen, as a JSON number. */
export const toCny = (v: Exact): number => roundFen(v) / 100;

/** Exact cost of each tier from its annual spend in fen; `none` has no benefits. */
export function exactCosts(policy: Policy, gmvFen: ArrayLike<number>): Record<Tier, ExactCost> {
  const out = {} as Record<Tier, ExactCost>;
  const { discountShare, pointValue } = policy.costModel;
  const one: Exact = { num: 1n, scale: 0 };
  out.none = { discount: ZERO, rebate: ZERO, points: ZERO, feeRevenue: ZERO, net: ZERO };
  RANKED_TIERS.forEach((t, i) => {
    const b = policy.benefits[t];
    const g: Exact = { num: BigInt(gmvFen[i + 1]!), scale: 0 };
    const discount = mul(mul(g, sub(one, decimal(b.priceMultiplier))), decimal(discountShare));
    const rebate = mul(g, decimal(b.quarterlyRebate));
    const points = mul(mul(g, decimal(b.pointsPerCny)), decimal(pointValue));
    const feeRevenue = mul(g, decimal(b.tradingFee));
    const net = sub(sub(sub(feeRevenue, discount), rebate), points);
    out[t] = { discount, rebate, points, feeRevenue, net };
  });
  return out;
}

export function sumCosts(costs: Record<Tier, ExactCost>): ExactCost {
  const total = { discount: ZERO, rebate: ZERO, points: ZERO, feeRevenue: ZERO, net: ZERO } as ExactCost;
  for (const t of TIERS) for (const k of COST_KEYS) total[k] = add(total[k], costs[t][k]);
  return total;
}

export function diffCosts(a: ExactCost, b: ExactCost): ExactCost {
  const out = {} as ExactCost;
  for (const k of COST_KEYS) out[k] = sub(a[k], b[k]);
  return out;
}

export function costFigures(c: ExactCost): CostFigures {
  return {
    discount: toCny(c.discount),
    rebate: toCny(c.rebate),
    points: toCny(c.points),
    feeRevenue: toCny(c.feeRevenue),
    net: toCny(c.net),
  };
}

export function costTable(byTier: Record<Tier, ExactCost>, total: ExactCost): CostTable {
  return {
    byTier: Object.fromEntries(TIERS.map((t) => [t, costFigures(byTier[t])])) as Record<Tier, CostFigures>,
    total: costFigures(total),
  };
}
