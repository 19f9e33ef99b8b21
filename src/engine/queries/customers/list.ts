import type { ReadableDB } from '../../sql/connection';
import { platformZone } from '../../db';
import { DomainError } from '../../errors';
import { todayIn } from '../../time';
import type { CustomerFilter, CustomerListPage, CustomerSort } from '@shared/api/channels/customers';
import { conditions, normalizeFilter } from './filter';
import { remember, stateOf, type Cursor } from './cache';
import { chooseDriver, collect, compareRows, exactCount, indexCountable, LIST_LIMITS, walkPage } from './plan';
import { details } from './details';

export interface CustomerListQuery {
  filter?: CustomerFilter;
  sort?: CustomerSort;
  offset?: number;
  limit?: number;
}

const DEFAULT_SORT: CustomerSort = { key: 'customerId', dir: 'asc' };

/** One page of the customer list; see the notes in plan.ts for how it stays fast. */
export function listCustomers(db: ReadableDB, q: CustomerListQuery, now: () => number): CustomerListPage {
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
export function countCustomers(db: ReadableDB, filter: CustomerFilter, now: () => number): number {
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
