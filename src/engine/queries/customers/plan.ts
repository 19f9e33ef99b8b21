import type { ReadableDB } from '../../sql/connection';
import { count, rawAll } from '../../sql/connection';
import type { CustomerSort } from '@shared/api/channels/customers';
import { SORT_COLUMNS, type Cond, type Mode, type Table } from './filter';
import type { Cursor } from './cache';

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

export interface Driver {
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

export function tablesOf(conds: Cond[], sort: CustomerSort | null): Set<Table> {
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

function cappedCount(db: ReadableDB, table: Table, cond: Cond, cap: number): number {
  const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${FROM_OF[table]} WHERE ${cond.sql(false)} LIMIT ${cap})`;
  return count(db, sql, ...cond.params);
}

/** The smallest way in: an index of one condition, or a scan of the customers. */
export function chooseDriver(db: ReadableDB, conds: Cond[], all: number): Driver {
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

/** `SELECT c.id, <sort key> AS k, <present> AS p` in raw mode. */
type KeyedRow = [id: number, key: string | number | null, present: number];

export interface Collected {
  id: number;
  key: string | number | null;
  present: number;
}

export function compareRows(sort: CustomerSort): (x: Collected, y: Collected) => number {
  const sign = sort.dir === 'asc' ? 1 : -1;
  if (sort.key === 'customerId') return (x, y) => sign * compareText(x.key as string, y.key as string);
  return (x, y) => sign * (x.present - y.present || ((x.key ?? -Infinity) as number) - ((y.key ?? -Infinity) as number) || x.id - y.id);
}

/** Up to `cap` + 1 matches with their sort keys, walking the driver in its own (rowid) order. */
export function collect(db: ReadableDB, conds: Cond[], driver: Driver, sort: CustomerSort, mode: Mode, cap: number): Collected[] {
  const need = tablesOf(conds, sort);
  const { key, present } = sortKeySql(sort, mode);
  const where = whereClause(conds, driver.cond);
  const sql = `SELECT c.id, ${key} AS k, ${present ?? '1'} AS p FROM ${fromClause(driver.table, mode, need)} ${where.sql} LIMIT ${cap + 1}`;
  return rawAll<KeyedRow>(db, sql, ...where.params).map(([id, k, pr]) => ({ id, key: k, present: pr }));
}

/** Counts by one index alone: no condition, or a single one that can drive (tier, partial indexes, kind, a metric range). */
export function indexCountable(conds: Cond[]): boolean {
  return conds.length === 0 || (conds.length === 1 && conds[0]!.drive !== undefined);
}

export function exactCount(db: ReadableDB, conds: Cond[], driver: Driver, mode: Mode, all: number): number {
  if (conds.length === 0) return all;
  if (indexCountable(conds)) {
    const c = conds[0]!;
    return count(db, `SELECT count(*) AS n FROM ${FROM_OF[c.table]} WHERE ${c.sql(false)}`, ...c.params);
  }
  const where = whereClause(conds, driver.cond);
  return count(db, `SELECT count(*) AS n FROM ${fromClause(driver.table, mode, tablesOf(conds, null))} ${where.sql}`, ...where.params);
}

/**
 * One page walking the sort's own order (for filters with more than collectCap matches). With a
 * cursor (the last row of the page before), it seeks instead of skipping `offset` rows.
 */
export function walkPage(
  db: ReadableDB,
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
  const run = (sql: string, params: unknown[]) => rawAll<KeyedRow>(db, sql, ...params).map(([id, k, pr]) => ({ id, key: k, present: pr }));

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
