import {
  DEFAULT_BENEFITS,
  DEFAULT_COST_MODEL,
  METRICS,
  MONEY_METRICS,
  OPS,
  checkPolicy,
  type Benefits,
  type Metric,
  type Op,
  type Policy,
} from '@shared/policy';
import { RANKED_TIERS, type RankedTier } from '@shared/tiers';

/**
 * The studio edits a policy document that may be invalid while it is being typed (a cleared number
 * is null): the same shape as a Policy with nullable numbers, checked with the engine's own
 * checkPolicy on every edit, whose path-named problems are shown next to their fields.
 */
export interface EditCondition {
  metric: Metric;
  op: Op;
  value: number | null;
}
export interface EditRule {
  all: EditCondition[];
}
export interface EditTier {
  id: RankedTier;
  name?: { 'zh-CN'?: string; en?: string };
  requiresReview: boolean;
  rules: EditRule[];
}
export type BenefitNumber = Exclude<keyof Benefits, 'perks'>;
export const BENEFIT_NUMBERS: readonly BenefitNumber[] = [
  'priceMultiplier',
  'pointsPerCny',
  'quarterlyRebate',
  'tradingFee',
  'supportHours',
];
export type EditBenefits = Record<BenefitNumber, number | null> & { perks: string[] };
export interface EditDoc {
  name: string;
  windowMonths: number | null;
  protectionDays: number | null;
  reviewCooldownDays: number | null;
  tiers: EditTier[];
  benefits: Record<RankedTier, EditBenefits>;
  costModel: { discountShare: number | null; pointValue: number | null };
}

/** A validated policy as an editable document (every default written out). */
export function editDocOf(p: Policy): EditDoc {
  return JSON.parse(JSON.stringify(p)) as EditDoc;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A saved draft's document as an editable one, even when it is invalid (a draft is saved half-way);
 * null when it does not have the studio's shape at all (five tiers of rules), which only a document
 * written outside the studio can lack.
 */
export function editDocFromUnknown(doc: unknown): EditDoc | null {
  if (!isObject(doc) || !Array.isArray(doc.tiers) || doc.tiers.length !== RANKED_TIERS.length) return null;
  const tiers: EditTier[] = [];
  for (const [i, raw] of (doc.tiers as unknown[]).entries()) {
    if (!isObject(raw) || raw.id !== RANKED_TIERS[i] || !Array.isArray(raw.rules)) return null;
    const rules: EditRule[] = [];
    for (const r of raw.rules as unknown[]) {
      if (!isObject(r) || !Array.isArray(r.all)) return null;
      const all: EditCondition[] = [];
      for (const c of r.all as unknown[]) {
        if (!isObject(c) || !(METRICS as readonly unknown[]).includes(c.metric) || !(OPS as readonly unknown[]).includes(c.op)) return null;
        all.push({ metric: c.metric as Metric, op: c.op as Op, value: numOrNull(c.value) });
      }
      rules.push({ all });
    }
    tiers.push({
      id: RANKED_TIERS[i]!,
      ...(isObject(raw.name) ? { name: raw.name as EditTier['name'] } : {}),
      requiresReview: raw.requiresReview === true,
      rules,
    });
  }
  const benefits = {} as Record<RankedTier, EditBenefits>;
  const given = isObject(doc.benefits) ? doc.benefits : {};
  for (const t of RANKED_TIERS) {
    const b = isObject(given[t]) ? (given[t] as Record<string, unknown>) : {};
    const filled = {} as EditBenefits;
    for (const k of BENEFIT_NUMBERS) filled[k] = k in b ? numOrNull(b[k]) : DEFAULT_BENEFITS[t][k];
    filled.perks = Array.isArray(b.perks)
      ? (b.perks as unknown[]).filter((x): x is string => typeof x === 'string')
      : [...DEFAULT_BENEFITS[t].perks];
    benefits[t] = filled;
  }
  const cm = isObject(doc.costModel) ? doc.costModel : {};
  const setting = (k: string, dflt: number) => (k in doc ? numOrNull(doc[k]) : dflt);
  return {
    name: typeof doc.name === 'string' ? doc.name : '',
    windowMonths: setting('windowMonths', 6),
    protectionDays: setting('protectionDays', 90),
    reviewCooldownDays: setting('reviewCooldownDays', 90),
    tiers,
    benefits,
    costModel: {
      discountShare: 'discountShare' in cm ? numOrNull(cm.discountShare) : DEFAULT_COST_MODEL.discountShare,
      pointValue: 'pointValue' in cm ? numOrNull(cm.pointValue) : DEFAULT_COST_MODEL.pointValue,
    },
  };
}

export interface Checked {
  policy: Policy | null;
  /** Problems by field path (`tiers[1].rules[0].all[0].value`), English messages from checkPolicy. */
  byPath: Map<string, string[]>;
  all: { path: string; message: string }[];
}

export function check(doc: EditDoc): Checked {
  const r = checkPolicy(doc);
  const byPath = new Map<string, string[]>();
  if (r.ok) return { policy: r.policy, byPath, all: [] };
  const all = r.issues.map((issue) => {
    const i = issue.indexOf(': ');
    return i < 0 ? { path: '(document)', message: issue } : { path: issue.slice(0, i), message: issue.slice(i + 2) };
  });
  for (const { path, message } of all) byPath.set(path, [...(byPath.get(path) ?? []), message]);
  return { policy: null, byPath, all };
}

/** The field path a checkPolicy issue names, in the same notation (formatPath). */
export const conditionPath = (tier: number, rule: number, cond: number) => `tiers[${tier}].rules[${rule}].all[${cond}]`;

/**
 * A problem in the UI language: the studio's own words for the rules the editor can break (the
 * English message stays available as the detail).
 */
export function issueKey(message: string): { key: string; values?: Record<string, string> } {
  let m: RegExpExecArray | null;
  if (/received null/.test(message) || /received undefined/.test(message)) return { key: 'required' };
  if (/at most two decimals/.test(message)) return { key: 'twoDecimals' };
  if (/expected int/.test(message)) return { key: 'integer' };
  if (/a rule needs at least one condition/.test(message)) return { key: 'emptyRule' };
  if (/Too small: expected string/.test(message)) return { key: 'nameRequired' };
  if ((m = /Too small: expected number to be >=?(-?[\d.]+)/.exec(message))) return { key: 'min', values: { min: m[1]! } };
  if ((m = /Too big: expected number to be <=?(-?[\d.]+)/.exec(message))) return { key: 'max', values: { max: m[1]! } };
  return { key: 'other' };
}

// ---------------------------------------------------------------- immutable updates by path

type Key = string | number;

/** A copy of `obj` with `fn` applied at `path`, sharing every untouched branch (memoized editors keep still). */
export function updateIn<T>(obj: T, path: readonly Key[], fn: (old: unknown) => unknown): T {
  if (path.length === 0) return fn(obj) as T;
  const [head, ...rest] = path;
  if (Array.isArray(obj)) {
    const copy = obj.slice();
    copy[head as number] = updateIn(copy[head as number], rest, fn);
    return copy as T;
  }
  const rec = obj as Record<string, unknown>;
  return { ...rec, [head!]: updateIn(rec[head as string], rest, fn) } as T;
}

export const setIn = <T>(obj: T, path: readonly Key[], value: unknown): T => updateIn(obj, path, () => value);

// ---------------------------------------------------------------- thresholds

export const BOOLEAN_METRICS: ReadonlySet<Metric> = new Set(['realnameVerified', 'phoneVerified', 'enterprise']);
const COUNT_METRICS: ReadonlySet<Metric> = new Set(['paidOrders', 'monthlyOrders', 'activeReferrals', 'contributionPoints']);

/** A round number ≥ x: 1, 2, 5 × 10^k. */
function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

/**
 * The slider's span for a condition's value, fixed when the condition is first shown (a range that
 * followed the value would move under the pointer while dragging); widened when a typed value
 * falls outside it.
 */
export function sliderRange(metric: Metric, value: number | null): SliderRange {
  if (BOOLEAN_METRICS.has(metric)) return { min: 0, max: 1, step: 1 };
  const v = Math.max(0, value ?? 0);
  if (MONEY_METRICS.has(metric)) {
    const max = niceCeil(Math.max(2 * v, 1000));
    return { min: 0, max, step: max / 200 >= 1 ? niceCeil(max / 400) : 0.01 };
  }
  if (COUNT_METRICS.has(metric)) {
    const max = niceCeil(Math.max(2 * v, 10));
    return { min: 0, max, step: metric === 'monthlyOrders' ? Math.min(0.5, max / 100) : Math.max(1, niceCeil(max / 200) / 2) };
  }
  return { min: 0, max: niceCeil(Math.max(2 * v, 10)), step: 1 };
}

export function widen(r: SliderRange, metric: Metric, value: number | null): SliderRange {
  if (value === null || (value >= r.min && value <= r.max)) return r;
  const wider = sliderRange(metric, value);
  return { min: Math.min(r.min, wider.min, value), max: Math.max(r.max, wider.max), step: wider.step };
}

/** Points of the sweep chart over a slider's span. */
export const SWEEP_STEPS = 41;

export function newCondition(): EditCondition {
  return { metric: 'cumulativeSpend', op: '>=', value: 1000 };
}
