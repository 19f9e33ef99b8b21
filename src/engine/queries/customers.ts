import type { DB } from '../db';
import { platformZone } from '../db';
import { DomainError } from '../errors';
import { customerKey } from '../customers';
import { todayIn } from '../time';
import { TIERS, isTier, type Tier } from '@shared/tiers';
import type {
  CustomerFilter,
  CustomerListPage,
  CustomerListRow,
  CustomerSort,
  FenRange,
  OrderRow,
  Paged,
  ReferralRow,
  ReviewQueue,
  ReviewQueueRow,
} from '@shared/api/channels/customers';
import { getActivePolicy } from '../policies';

/*
 * The customer list over the whole base (1M customers and more). How it stays fast:
 *
 * - Every customer's rows in customers, assignments and customer_metrics share one key (the rowid),
 *   so a filter is checked by walking one "driver" in rowid order and looking the other tables up
 *   by rowid: sequential pages, cheap. Walking a metric index instead visits customers in random
 *   order, and on a million rows that is several times slower; so metric ranges drive only when
 *   they are narrow.
 * - A filter change first collects the matching customers (their sort keys) up to collectCap. When
 *   that is all of them, the count is exact and the sorted list is kept: every page is a slice.
 * - A broader filter pages by walking the sort's own index (customer_id, the tier-rank expression
 *   index of migration 005, or a metric index) and checking the filter row by row: with at least
 *   collectCap matches, a page needs few rows. Page ends are remembered, so scrolling on seeks to
 *   the next page instead of skipping an ever longer OFFSET.
 * - Counting a broad filter that is not a single index range means a pass over the base; the page
 *   then answers with a lower bound and `customers:count` counts (cached until the data change).
 * - Ties sort by the internal key (import order; reversed when descending), which the indexes hold
 *   for free.
 */

/**
 * Thresholds of the list's plans (see above), sized for a million customers. Tests shrink them to
 * reach every plan on a small base.
 */
export const LIST_LIMITS = {
  /** Matches collected (and sorted in memory) on a filter change; beyond it, the sort's index is walked. */
  collectCap: 20_000,
  /** When an index says how many match (rowid order, sequential lookups), up to this many are collected. */
  knownCollectMax: 50_000,
  /** A page answers with an exact count when counting scans at most this many customers. */
  inlineCountRows: 150_000,
  /** Candidate drivers are measured up to this many rows. */
  sizeCap: 50_000,
  /** A metric range drives only when it holds at most this many customers (random-order lookups). */
  metricDriverRows: 10_000,
};

/** Tier order as SQL; the same expression as the index `assignments_rank` (migration 005). */
const RANK =
  "(CASE a.tier WHEN 'regular' THEN 1 WHEN 'silver' THEN 2 WHEN 'gold' THEN 3 WHEN 'diamond' THEN 4 WHEN 'supreme' THEN 5 ELSE 0 END)";

type Table = 'c' | 'a' | 'm';
/** complete: every customer has an assignment and a metrics row (the state after an evaluation). */
type Mode = 'complete' | 'partial';

interface Cond {
  table: Table;
  /** The SQL; with `plus`, column references are written `+x` so no index is used for it. */
  sql(plus: boolean): string;
  params: unknown[];
  /** The condition alone can drive the walk (an index in rowid order, or a narrow metric range). */
  drive?: 'rowid' | 'metric';
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
const p = (plus: boolean) => (plus ? '+' : '');

const METRIC_COLUMNS = { cumulativeFen: 'cumulative_fen', windowFen: 'window_fen', annualFen: 'annual_fen' } as const;
const SORT_COLUMNS = { cumulativeSpend: 'cumulative_fen', windowSpend: 'window_fen', annualSpend: 'annual_fen' } as const;

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
function conditions(f: CustomerFilter, mode: Mode, today: string): Cond[] {
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

// ---------------------------------------------------------------- state kept between calls

interface Cursor {
  /** The sort key of the last row before this offset (customer id text, or a number; null: no metrics). */
  key: string | number | null;
  id: number;
}

interface ListState {
  version: string;
  mode: Mode;
  all: number;
  counts: Map<string, number>;
  /** filter|sort → internal keys of every match, in order (filters with at most collectCap matches). */
  sorted: Map<string, Int32Array>;
  /** filter|sort → offset → the cursor ending the page before it. */
  cursors: Map<string, Map<number, Cursor>>;
}

const states = new WeakMap<DB, ListState>();
const MAX_CACHED = 64;

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_CACHED && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/**
 * The state of the list for the data as they are now: a write by this connection (total_changes)
 * or by another one (data_version, e.g. an evaluation in the worker) or a new day drops it.
 */
function stateOf(db: DB, today: string): ListState {
  const dv = db.pragma('data_version', { simple: true }) as number;
  const tc = (db.prepare('SELECT total_changes() AS t').get() as { t: number }).t;
  const version = `${dv}:${tc}:${today}`;
  const old = states.get(db);
  if (old && old.version === version) return old;
  const n = (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  const na = (db.prepare('SELECT count(*) AS n FROM assignments').get() as { n: number }).n;
  const nm = (db.prepare('SELECT count(*) AS n FROM customer_metrics').get() as { n: number }).n;
  const s: ListState = {
    version,
    mode: n === na && n === nm ? 'complete' : 'partial',
    all: n,
    counts: new Map(),
    sorted: new Map(),
    cursors: new Map(),
  };
  states.set(db, s);
  return s;
}

// ---------------------------------------------------------------- plans

interface Driver {
  table: Table;
  /** The condition whose index drives the walk; null: a scan of the table. */
  cond: Cond | null;
  size: number;
}

const FROM_OF: Record<Table, string> = { c: 'customers c', a: 'assignments a', m: 'customer_metrics m' };
const KEY_OF: Record<Table, string> = { c: 'c.id', a: 'a.cust', m: 'm.cust' };

/** FROM clause with `outer` as the outer loop (CROSS JOIN and LEFT JOIN keep the order). */
function fromClause(outer: Table, mode: Mode, need: Set<Table>): string {
  const parts = [FROM_OF[outer]];
  for (const t of ['c', 'a', 'm'] as const) {
    if (t === outer || !need.has(t)) continue;
    // The outer table is c, or a driver whose condition already needs its row: c always exists.
    const join = t === 'c' || mode === 'complete' ? 'CROSS JOIN' : 'LEFT JOIN';
    parts.push(`${join} ${FROM_OF[t]} ON ${KEY_OF[t]} = ${KEY_OF[outer]}`);
  }
  return parts.join(' ');
}

function tablesOf(conds: Cond[], sort: CustomerSort | null): Set<Table> {
  const need = new Set<Table>(['c', ...conds.map((c) => c.table)]);
  if (sort?.key === 'tier') need.add('a');
  if (sort && sort.key in SORT_COLUMNS) need.add('m');
  return need;
}

function whereClause(conds: Cond[], driving: Cond | null, extra: string[] = []): { sql: string; params: unknown[] } {
  // Only the driving condition may use an index: the others are checked on the rows it yields.
  const terms = [...conds.map((c) => c.sql(c !== driving)), ...extra];
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params: conds.flatMap((c) => c.params) };
}

function cappedCount(db: DB, table: Table, cond: Cond, cap: number): number {
  const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${FROM_OF[table]} WHERE ${cond.sql(false)} LIMIT ${cap})`;
  return (db.prepare(sql).get(...cond.params) as { n: number }).n;
}

/** The smallest way in: an index of one condition, or a scan of the customers. */
function chooseDriver(db: DB, conds: Cond[], all: number): Driver {
  let best: Driver = { table: 'c', cond: null, size: all };
  for (const c of conds) {
    if (!c.drive) continue;
    const cap = c.drive === 'metric' ? LIST_LIMITS.metricDriverRows + 1 : LIST_LIMITS.sizeCap;
    const size = cappedCount(db, c.table, c, cap);
    if (c.drive === 'metric' && size > LIST_LIMITS.metricDriverRows) continue;
    if (size < best.size) best = { table: c.table, cond: c, size };
  }
  return best;
}

/** The sort key of a row as SQL (for collecting) and its direction. */
function sortKeySql(sort: CustomerSort, mode: Mode): { key: string; present: string | null } {
  if (sort.key === 'customerId') return { key: 'c.customer_id', present: null };
  if (sort.key === 'tier') return { key: RANK, present: mode === 'partial' ? '(a.cust IS NOT NULL)' : null };
  return { key: `m.${SORT_COLUMNS[sort.key]}`, present: mode === 'partial' ? '(m.cust IS NOT NULL)' : null };
}

/** Code point order: SQLite's BINARY collation of UTF-8 text, which customer_id sorts by. */
function compareText(x: string, y: string): number {
  // UTF-16 order agrees with code point order unless a surrogate meets a character U+E000…U+FFFF.
  if (!SURROGATE_OR_HIGH.test(x) || !SURROGATE_OR_HIGH.test(y)) return x < y ? -1 : x > y ? 1 : 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x.codePointAt(i)!;
    const b = y.codePointAt(i)!;
    if (a !== b) return a - b;
    if (a > 0xffff) i++;
  }
  return x.length - y.length;
}
const SURROGATE_OR_HIGH = /[\uD800-\uFFFF]/;

interface Collected {
  id: number;
  key: string | number | null;
  present: number;
}

function compareRows(sort: CustomerSort): (x: Collected, y: Collected) => number {
  const sign = sort.dir === 'asc' ? 1 : -1;
  if (sort.key === 'customerId') return (x, y) => sign * compareText(x.key as string, y.key as string);
  return (x, y) => sign * (x.present - y.present || ((x.key ?? -Infinity) as number) - ((y.key ?? -Infinity) as number) || x.id - y.id);
}

/** Up to `cap` + 1 matches with their sort keys, walking the driver in its own (rowid) order. */
function collect(db: DB, conds: Cond[], driver: Driver, sort: CustomerSort, mode: Mode, cap: number): Collected[] {
  const need = tablesOf(conds, sort);
  const { key, present } = sortKeySql(sort, mode);
  const where = whereClause(conds, driver.cond);
  const sql = `SELECT c.id, ${key} AS k, ${present ?? '1'} AS p FROM ${fromClause(driver.table, mode, need)} ${where.sql} LIMIT ${cap + 1}`;
  return (
    db
      .prepare(sql)
      .raw()
      .all(...where.params) as [number, string | number | null, number][]
  ).map(([id, k, pr]) => ({ id, key: k, present: pr }));
}

/** Counts by one index alone: no condition, or a single one that can drive (tier, partial indexes, kind, a metric range). */
function indexCountable(conds: Cond[]): boolean {
  return conds.length === 0 || (conds.length === 1 && conds[0]!.drive !== undefined);
}

function exactCount(db: DB, conds: Cond[], driver: Driver, mode: Mode, all: number): number {
  if (conds.length === 0) return all;
  if (indexCountable(conds)) {
    const c = conds[0]!;
    return (db.prepare(`SELECT count(*) AS n FROM ${FROM_OF[c.table]} WHERE ${c.sql(false)}`).get(...c.params) as { n: number }).n;
  }
  const where = whereClause(conds, driver.cond);
  return (
    db.prepare(`SELECT count(*) AS n FROM ${fromClause(driver.table, mode, tablesOf(conds, null))} ${where.sql}`).get(...where.params) as {
      n: number;
    }
  ).n;
}

/**
 * One page walking the sort's own order (for filters with more than collectCap matches). With a
 * cursor (the last row of the page before), it seeks instead of skipping `offset` rows.
 */
function walkPage(
  db: DB,
  conds: Cond[],
  sort: CustomerSort,
  mode: Mode,
  offset: number,
  limit: number,
  cursor: Cursor | undefined,
): Collected[] {
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const need = tablesOf(conds, sort);
  const { key, present } = sortKeySql(sort, mode);
  const select = `SELECT c.id, ${key} AS k, ${present ?? '1'} AS p`;
  const run = (sql: string, params: unknown[]) =>
    (
      db
        .prepare(sql)
        .raw()
        .all(...params) as [number, string | number | null, number][]
    ).map(([id, k, pr]) => ({ id, key: k, present: pr }));

  if (mode === 'partial' && sort.key !== 'customerId') {
    // Some customers lack the sorted row: no index holds them all, so this sorts (until the next evaluation).
    const where = whereClause(conds, null);
    const from = fromClause('c', mode, need);
    return run(`${select} FROM ${from} ${where.sql} ORDER BY ${present} ${dir}, ${key} ${dir}, c.id ${dir} LIMIT ? OFFSET ?`, [
      ...where.params,
      limit,
      offset,
    ]);
  }
  const outer: Table = sort.key === 'customerId' ? 'c' : sort.key === 'tier' ? 'a' : 'm';
  const from = fromClause(outer, mode, need);
  const tie = KEY_OF[outer];
  const order = sort.key === 'customerId' ? `c.customer_id ${dir}` : `${key} ${dir}, ${tie} ${dir}`;
  if (!cursor) {
    const where = whereClause(conds, null);
    return run(`${select} FROM ${from} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...where.params, limit, offset]);
  }
  const after = sort.dir === 'asc' ? '>' : '<';
  if (sort.key === 'customerId') {
    const where = whereClause(conds, null, [`c.customer_id ${after} ?`]);
    return run(`${select} FROM ${from} ${where.sql} ORDER BY ${order} LIMIT ?`, [...where.params, cursor.key, limit]);
  }
  // Rows tied with the cursor's key after its row, then the rows with a later key: two index seeks.
  const same = whereClause(conds, null, [`${key} = ?`, `${tie} ${after} ?`]);
  const first = run(`${select} FROM ${from} ${same.sql} ORDER BY ${tie} ${dir} LIMIT ?`, [...same.params, cursor.key, cursor.id, limit]);
  if (first.length === limit) return first;
  const later = whereClause(conds, null, [`${key} ${after} ?`]);
  return first.concat(
    run(`${select} FROM ${from} ${later.sql} ORDER BY ${order} LIMIT ?`, [...later.params, cursor.key, limit - first.length]),
  );
}

// ---------------------------------------------------------------- rows

interface DetailRow {
  id: number;
  customer_id: string;
  name: string;
  kind: 'individual' | 'enterprise';
  realname_verified: number;
  phone_verified: number;
  tier: Tier | null;
  computed_tier: Tier | null;
  pending_tier: Tier | null;
  protected_until: string | null;
  since: string | null;
  o_tier: Tier | null;
  o_actor: string | null;
  o_set_on: string | null;
  o_until: string | null;
  o_reason: string | null;
  o_cleared_on: string | null;
  cumulative_fen: number | null;
  paid_orders: number;
  window_fen: number;
  window_orders: number;
  annual_fen: number;
  active_referrals: number;
  contribution_points: number;
}

function details(db: DB, ids: readonly number[], today: string): CustomerListRow[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT c.id, c.customer_id, c.name, c.kind, c.realname_verified, c.phone_verified,
              a.tier, a.computed_tier, a.pending_tier, a.protected_until, a.since,
              o.tier AS o_tier, o.actor AS o_actor, o.set_on AS o_set_on, o.until AS o_until, o.reason AS o_reason, o.cleared_on AS o_cleared_on,
              m.cumulative_fen, m.paid_orders, m.window_fen, m.window_orders, m.annual_fen, m.active_referrals, m.contribution_points
         FROM customers c LEFT JOIN assignments a ON a.cust = c.id LEFT JOIN customer_metrics m ON m.cust = c.id LEFT JOIN overrides o ON o.id = a.override_id
        WHERE c.id IN (${ids.map(() => '?').join(', ')})`,
    )
    .all(...ids) as DetailRow[];
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

// ---------------------------------------------------------------- the list

export interface CustomerListQuery {
  filter?: CustomerFilter;
  sort?: CustomerSort;
  offset?: number;
  limit?: number;
}

const DEFAULT_SORT: CustomerSort = { key: 'customerId', dir: 'asc' };

/** One page of the customer list; see the notes at the top of this file for how it stays fast. */
export function listCustomers(db: DB, q: CustomerListQuery, now: () => number): CustomerListPage {
  const t0 = performance.now();
  const filter = normalizeFilter(q.filter ?? {});
  const sort = q.sort ?? DEFAULT_SORT;
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 50;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new DomainError('BAD_PAGE', `offset ${offset} must be a whole number ≥ 0`);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new DomainError('BAD_PAGE', `limit ${limit} must be 1 to 1000`);
  const today = todayIn(platformZone(db), now());
  const state = stateOf(db, today);
  const fkey = JSON.stringify(filter);
  const skey = `${fkey}|${sort.key}|${sort.dir}`;
  const conds = conditions(filter, state.mode, today);
  const done = (ids: readonly number[], total: number, exact: boolean): CustomerListPage => ({
    offset,
    rows: details(db, ids, today),
    total,
    exact,
    all: state.all,
    tookMs: Math.round((performance.now() - t0) * 10) / 10,
  });

  let sorted = state.sorted.get(skey);
  if (!sorted && !state.cursors.has(skey) && conds.length > 0) {
    const driver = chooseDriver(db, conds, state.all);
    // A single indexed condition counts from its index alone: the size is known before collecting.
    let known = state.counts.get(fkey);
    if (known === undefined && indexCountable(conds)) {
      known = exactCount(db, conds, driver, state.mode, state.all);
      remember(state.counts, fkey, known);
    }
    const cap =
      known === undefined
        ? LIST_LIMITS.collectCap
        : known <= LIST_LIMITS.collectCap || (known <= LIST_LIMITS.knownCollectMax && driver.cond !== null)
          ? known
          : null;
    const found = cap === null ? null : collect(db, conds, driver, sort, state.mode, cap);
    if (found && found.length <= cap!) {
      found.sort(compareRows(sort));
      sorted = Int32Array.from(found, (r) => r.id);
      remember(state.sorted, skey, sorted);
      remember(state.counts, fkey, found.length);
    } else {
      state.cursors.set(skey, new Map());
      if (
        !state.counts.has(fkey) &&
        (driver.size < LIST_LIMITS.sizeCap || (driver.cond === null && state.all <= LIST_LIMITS.inlineCountRows))
      ) {
        remember(state.counts, fkey, exactCount(db, conds, driver, state.mode, state.all));
      }
    }
  }
  if (sorted) return done(Array.from(sorted.subarray(offset, offset + limit)), sorted.length, true);
  if (conds.length === 0) remember(state.counts, fkey, state.all);

  const cursors = state.cursors.get(skey) ?? new Map<number, Cursor>();
  remember(state.cursors, skey, cursors);
  const rows = walkPage(db, conds, sort, state.mode, offset, limit, offset > 0 ? cursors.get(offset) : undefined);
  const last = rows.at(-1);
  if (last && rows.length === limit) cursors.set(offset + limit, { key: last.key, id: last.id });
  const counted = state.counts.get(fkey);
  if (counted !== undefined)
    return done(
      rows.map((r) => r.id),
      counted,
      true,
    );
  if (rows.length > 0 && rows.length < limit) {
    // The last page: the total is where it ends.
    remember(state.counts, fkey, offset + rows.length);
    return done(
      rows.map((r) => r.id),
      offset + rows.length,
      true,
    );
  }
  // A lower bound: the collect found more than collectCap matches, and this page may reach further.
  return done(
    rows.map((r) => r.id),
    Math.max(LIST_LIMITS.collectCap + 1, offset + rows.length),
    false,
  );
}

/** The exact number of customers matching a filter (cached until the data change). */
export function countCustomers(db: DB, filter: CustomerFilter, now: () => number): number {
  const f = normalizeFilter(filter);
  const today = todayIn(platformZone(db), now());
  const state = stateOf(db, today);
  const fkey = JSON.stringify(f);
  const hit = state.counts.get(fkey);
  if (hit !== undefined) return hit;
  const conds = conditions(f, state.mode, today);
  const n = exactCount(db, conds, chooseDriver(db, conds, state.all), state.mode, state.all);
  remember(state.counts, fkey, n);
  return n;
}

// ---------------------------------------------------------------- one customer's orders and referrals

export function customerOrders(db: DB, customerId: string, offset: number, limit: number): Paged<OrderRow> {
  const cust = customerKey(db, customerId);
  const total = (db.prepare('SELECT count(*) AS n FROM orders WHERE cust = ?').get(cust) as { n: number }).n;
  const rows = db
    .prepare(
      'SELECT order_id, placed_at, amount_fen, status, category FROM orders WHERE cust = ? ORDER BY placed_at DESC, order_id DESC LIMIT ? OFFSET ?',
    )
    .all(cust, limit, offset) as {
    order_id: string;
    placed_at: number;
    amount_fen: number;
    status: 'paid' | 'refunded';
    category: string | null;
  }[];
  return {
    total,
    offset,
    rows: rows.map((r) => ({
      orderId: r.order_id,
      placedAt: r.placed_at,
      amountFen: r.amount_fen,
      status: r.status,
      category: r.category,
    })),
  };
}

export function customerReferrals(db: DB, customerId: string, offset: number, limit: number): Paged<ReferralRow> {
  const cust = customerKey(db, customerId);
  const total = (db.prepare('SELECT count(*) AS n FROM referrals WHERE referrer = ?').get(cust) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT c.customer_id, c.name, r.referred_at, c.realname_verified, coalesce(a.tier, 'none') AS tier
         FROM referrals r JOIN customers c ON c.id = r.referred LEFT JOIN assignments a ON a.cust = r.referred
        WHERE r.referrer = ? ORDER BY r.referred_at DESC, c.customer_id LIMIT ? OFFSET ?`,
    )
    .all(cust, limit, offset) as { customer_id: string; name: string; referred_at: number; realname_verified: number; tier: Tier }[];
  return {
    total,
    offset,
    rows: rows.map((r) => ({
      customerId: r.customer_id,
      name: r.name,
      referredAt: r.referred_at,
      realnameVerified: r.realname_verified === 1,
      tier: r.tier,
    })),
  };
}

// ---------------------------------------------------------------- review queue

/** Open reviews, oldest first, with the metrics of the last evaluation. */
export function reviewQueue(db: DB, q: { search?: string; offset: number; limit: number }, now: () => number): ReviewQueue {
  const where = ["r.status = 'open'"];
  const params: unknown[] = [];
  const search = q.search?.trim();
  if (search) {
    where.push("(c.customer_id LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')");
    params.push(likePattern(search), likePattern(search));
  }
  const from = `FROM reviews r JOIN customers c ON c.id = r.cust LEFT JOIN assignments a ON a.cust = r.cust LEFT JOIN customer_metrics m ON m.cust = r.cust WHERE ${where.join(' AND ')}`;
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT c.customer_id, c.name, c.kind, coalesce(a.tier, 'none') AS current_tier, r.pending_tier, r.opened_on,
              coalesce(m.cumulative_fen, 0) AS cumulative_fen, coalesce(m.annual_fen, 0) AS annual_fen, coalesce(m.window_fen, 0) AS window_fen,
              coalesce(m.active_referrals, 0) AS active_referrals
         ${from} ORDER BY r.opened_on, c.customer_id LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as {
    customer_id: string;
    name: string;
    kind: 'individual' | 'enterprise';
    current_tier: Tier;
    pending_tier: Tier;
    opened_on: string;
    cumulative_fen: number;
    annual_fen: number;
    window_fen: number;
    active_referrals: number;
  }[];
  return {
    total,
    offset: q.offset,
    cooldownDays: getActivePolicy(db).policy.reviewCooldownDays,
    today: todayIn(platformZone(db), now()),
    rows: rows.map((r): ReviewQueueRow => ({
      customerId: r.customer_id,
      name: r.name,
      kind: r.kind,
      currentTier: r.current_tier,
      pendingTier: r.pending_tier,
      openedOn: r.opened_on,
      cumulativeFen: r.cumulative_fen,
      annualFen: r.annual_fen,
      windowFen: r.window_fen,
      activeReferrals: r.active_referrals,
    })),
  };
}

// ---------------------------------------------------------------- benchmark

export interface CustomerListBench {
  name: string;
  /** Wall time of the first page (100 rows) after the filter change, ms. */
  pageMs: number;
  total: number;
  exact: boolean;
  /** Wall time of `countCustomers` when the page's total was not exact, ms (null when it was). */
  countMs: number | null;
}

/** Filter changes as an operator makes them; each filter is new to the list's caches. */
export const BENCH_FILTERS: { name: string; filter: CustomerFilter; sort?: CustomerSort; offset?: number }[] = [
  { name: 'no filter', filter: {} },
  { name: 'tier gold', filter: { tier: 'gold' } },
  { name: 'tier none', filter: { tier: 'none' } },
  { name: 'tier diamond, by cumulative spend desc', filter: { tier: 'diamond' }, sort: { key: 'cumulativeSpend', dir: 'desc' } },
  { name: 'pending review', filter: { pending: true } },
  { name: 'computed ≠ assigned', filter: { mismatch: true } },
  { name: 'enterprise', filter: { kind: 'enterprise' } },
  { name: 'phone not verified', filter: { phoneVerified: false } },
  { name: 'search name "明"', filter: { search: '明' } },
  { name: 'search name "王"', filter: { search: '王' } },
  { name: 'search id "C0999"', filter: { search: 'C0999' } },
  { name: 'search with no match', filter: { search: 'zzz-none' } },
  { name: 'cumulative ≥ ¥5,000', filter: { cumulativeFen: { min: 500_000 } } },
  { name: 'regular, cumulative ¥100–500', filter: { tier: 'regular', cumulativeFen: { min: 10_000, max: 50_000 } } },
  {
    name: 'silver+gold, individual, verified, window ≥ ¥1,000, by window spend desc',
    filter: { tier: ['silver', 'gold'], kind: 'individual', realnameVerified: true, windowFen: { min: 100_000 } },
    sort: { key: 'windowSpend', dir: 'desc' },
  },
  { name: 'sort by tier desc', filter: {}, sort: { key: 'tier', dir: 'desc' } },
  { name: 'sort by annual spend asc', filter: {}, sort: { key: 'annualSpend', dir: 'asc' } },
  { name: 'jump to offset 500,000 (by customer id)', filter: {}, offset: 500_000 },
  {
    name: 'enterprise, jump to offset 20,000 by cumulative desc',
    filter: { kind: 'enterprise' },
    sort: { key: 'cumulativeSpend', dir: 'desc' },
    offset: 20_000,
  },
];

/**
 * Times filter changes on the open database (meant for the 1M-customer demo base): the first page
 * of each filter, and the exact count where the page answered with a lower bound. The list's
 * caches are dropped before each filter, so every number is a cold filter change on a warm file.
 */
export function benchCustomerList(db: DB, now: () => number = Date.now): CustomerListBench[] {
  const out: CustomerListBench[] = [];
  for (const b of BENCH_FILTERS) {
    states.delete(db);
    stateOf(db, todayIn(platformZone(db), now()));
    const t0 = performance.now();
    const page = listCustomers(db, { filter: b.filter, ...(b.sort ? { sort: b.sort } : {}), offset: b.offset ?? 0, limit: 100 }, now);
    const pageMs = performance.now() - t0;
    let countMs: number | null = null;
    let total = page.total;
    if (!page.exact) {
      const t1 = performance.now();
      total = countCustomers(db, b.filter, now);
      countMs = performance.now() - t1;
    }
    out.push({
      name: b.name,
      pageMs: Math.round(pageMs * 10) / 10,
      total,
      exact: page.exact,
      countMs: countMs === null ? null : Math.round(countMs * 10) / 10,
    });
  }
  return out;
}
