import type { ReadableDB } from '../../sql/connection';
import { platformZone } from '../../db';
import { todayIn } from '../../time';
import type { CustomerFilter, CustomerSort } from '@shared/api/channels/customers';
import { forgetState, stateOf } from './cache';
import { countCustomers, listCustomers } from './list';

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
export function benchCustomerList(db: ReadableDB, now: () => number = Date.now): CustomerListBench[] {
  const out: CustomerListBench[] = [];
  for (const b of BENCH_FILTERS) {
    forgetState(db);
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
