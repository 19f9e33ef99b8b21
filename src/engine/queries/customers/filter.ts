import { DomainError } from '../../errors';
import { TIERS, isTier, type Tier } from '@shared/tiers';
import type { CustomerFilter, FenRange } from '@shared/api/channels/customers';

// The customer list's filter: checked and normalized, then turned into SQL conditions (plan.ts walks them).

export type Table = 'c' | 'a' | 'm';
/** complete: every customer has an assignment and a metrics row (the state after an evaluation). */
export type Mode = 'complete' | 'partial';

export interface Cond {
  table: Table;
  /** The SQL; with `plus`, column references are written `+x` so no index is used for it. */
  sql(plus: boolean): string;
  params: unknown[];
  /** The condition alone can drive the walk (an index in rowid order, or a narrow metric range). */
  drive?: 'rowid' | 'metric';
}

export const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
const p = (plus: boolean) => (plus ? '+' : '');

const METRIC_COLUMNS = { cumulativeFen: 'cumulative_fen', windowFen: 'window_fen', annualFen: 'annual_fen' } as const;
export const SORT_COLUMNS = { cumulativeSpend: 'cumulative_fen', windowSpend: 'window_fen', annualSpend: 'annual_fen' } as const;

function tiersOf(f: CustomerFilter): Tier[] | undefined {
  if (f.tier === undefined) return undefined;
  const list = Array.isArray(f.tier) ? f.tier : [f.tier];
  for (const t of list) if (!isTier(t)) throw new DomainError('BAD_TIER', `unknown tier "${String(t)}" (one of ${TIERS.join(', ')})`);
  return [...new Set(list)].sort((x, y) => TIERS.indexOf(x) - TIERS.indexOf(y));
}

function checkRange(name: string, r: FenRange | undefined): void {
  if (!r) return;
  for (const v of [r.min, r.max]) {
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0))
      throw new DomainError('BAD_RANGE', `${name}: ${v} is not an amount of fen (a whole number ≥ 0)`);
  }
  if (r.min !== undefined && r.max !== undefined && r.min > r.max)
    throw new DomainError('BAD_RANGE', `${name}: the minimum ${r.min} is above the maximum ${r.max}`);
}

/** The filter with defaults removed and lists ordered: equal filters give equal keys. */
export function normalizeFilter(f: CustomerFilter): CustomerFilter {
  const out: CustomerFilter = {};
  const search = f.search?.trim();
  if (search) out.search = search;
  const tiers = tiersOf(f);
  if (tiers) out.tier = tiers;
  for (const k of ['mismatch', 'pending', 'protected', 'overridden', 'realnameVerified', 'phoneVerified'] as const)
    if (f[k] !== undefined) out[k] = f[k];
  if (f.kind !== undefined) {
    if (f.kind !== 'individual' && f.kind !== 'enterprise')
      throw new DomainError('BAD_KIND', `unknown customer kind "${String(f.kind)}" (individual or enterprise)`);
    out.kind = f.kind;
  }
  for (const k of ['cumulativeFen', 'windowFen', 'annualFen'] as const) {
    checkRange(k, f[k]);
    const r = f[k];
    if (r && (r.min !== undefined || r.max !== undefined))
      out[k] = { ...(r.min !== undefined ? { min: r.min } : {}), ...(r.max !== undefined ? { max: r.max } : {}) };
  }
  return out;
}

/**
 * The filter as SQL over `customers c`, `assignments a`, `customer_metrics m` (a and m joined on
 * the customer's key). In `partial` mode a and m may be missing (LEFT JOIN): a customer without an
 * assignment is `none` with nothing pending, protected or overridden; without metrics it matches no
 * spend range.
 */
export function conditions(f: CustomerFilter, mode: Mode, today: string): Cond[] {
  const out: Cond[] = [];
  if (f.search) {
    const pat = likePattern(f.search);
    out.push({ table: 'c', sql: () => "(c.customer_id LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')", params: [pat, pat] });
  }
  const tiers = f.tier as Tier[] | undefined;
  if (tiers) {
    if (tiers.length === 0) out.push({ table: 'c', sql: () => '0', params: [] });
    else if (tiers.length < TIERS.length) {
      const list = tiers.map(() => '?').join(', ');
      const orMissing = mode === 'partial' && tiers.includes('none');
      out.push({
        table: 'a',
        sql: (plus) => (orMissing ? `(a.tier IN (${list}) OR a.cust IS NULL)` : `${p(plus)}a.tier IN (${list})`),
        params: tiers,
        ...(orMissing ? {} : { drive: 'rowid' as const }),
      });
    }
  }
  if (f.mismatch !== undefined) {
    out.push(
      f.mismatch
        ? { table: 'a', sql: (plus) => `${p(plus)}a.tier <> a.computed_tier`, params: [], drive: 'rowid' }
        : {
            table: 'a',
            sql: () => (mode === 'partial' ? '(a.tier = a.computed_tier OR a.cust IS NULL)' : 'a.tier = a.computed_tier'),
            params: [],
          },
    );
  }
  for (const [key, col] of [
    ['pending', 'pending_tier'],
    ['protected', 'protected_until'],
  ] as const) {
    const v = f[key];
    if (v === undefined) continue;
    out.push(
      v
        ? { table: 'a', sql: (plus) => `${p(plus)}a.${col} IS NOT NULL`, params: [], drive: 'rowid' }
        : { table: 'a', sql: () => `a.${col} IS NULL`, params: [] },
    );
  }
  if (f.overridden !== undefined) {
    // A cleared or ended override stays linked to the assignment until the next evaluation.
    const holds =
      'EXISTS (SELECT 1 FROM overrides o WHERE o.id = a.override_id AND o.cleared_on IS NULL AND (o.until IS NULL OR o.until >= ?))';
    out.push(
      f.overridden
        ? { table: 'a', sql: (plus) => `${p(plus)}a.override_id IS NOT NULL AND ${holds}`, params: [today], drive: 'rowid' }
        : { table: 'a', sql: () => `(a.override_id IS NULL OR NOT ${holds})`, params: [today] },
    );
  }
  if (f.kind !== undefined) out.push({ table: 'c', sql: (plus) => `${p(plus)}c.kind = ?`, params: [f.kind], drive: 'rowid' });
  if (f.realnameVerified !== undefined)
    out.push({ table: 'c', sql: () => 'c.realname_verified = ?', params: [f.realnameVerified ? 1 : 0] });
  if (f.phoneVerified !== undefined) out.push({ table: 'c', sql: () => 'c.phone_verified = ?', params: [f.phoneVerified ? 1 : 0] });
  for (const [key, col] of Object.entries(METRIC_COLUMNS) as [keyof typeof METRIC_COLUMNS, string][]) {
    const r = f[key];
    if (!r) continue;
    const parts: string[] = [];
    const params: number[] = [];
    if (r.min !== undefined) {
      parts.push('>= ?');
      params.push(r.min);
    }
    if (r.max !== undefined) {
      parts.push('<= ?');
      params.push(r.max);
    }
    out.push({ table: 'm', sql: (plus) => parts.map((op) => `${p(plus)}m.${col} ${op}`).join(' AND '), params, drive: 'metric' });
  }
  return out;
}

/** The filter as WHERE terms over `customers c LEFT JOIN assignments a LEFT JOIN customer_metrics m` (people exports). */
export function customerFilterSql(filter: CustomerFilter, today: string): { where: string[]; params: unknown[] } {
  const conds = conditions(normalizeFilter(filter), 'partial', today);
  return { where: conds.map((c) => c.sql(false)), params: conds.flatMap((c) => c.params) };
}
