import { create } from 'zustand';
import type { ApiError } from '@shared/api';
import type { CustomerFilter, CustomerListRow, CustomerSort, CustomerSortKey } from '@shared/api/channels/customers';
import { api } from '../../lib/api';
import { cleanFilter, idFromHash, customerHash } from './route';

/** Rows per request; the list asks for the pages the visible rows (and a little around) fall in. */
export const PAGE_SIZE = 100;

export const COLUMN_KEYS = [
  'customerId',
  'name',
  'kind',
  'tier',
  'computedTier',
  'pending',
  'protectedUntil',
  'cumulative',
  'window',
  'annual',
  'paidOrders',
  'referrals',
  'verified',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
const DEFAULT_COLUMNS: ColumnKey[] = [
  'customerId',
  'name',
  'tier',
  'computedTier',
  'pending',
  'cumulative',
  'window',
  'annual',
  'verified',
];
const COLUMNS_STORAGE = 'tierdesk.customers.columns';

function storedColumns(): ColumnKey[] {
  try {
    const v = JSON.parse(localStorage.getItem(COLUMNS_STORAGE) ?? 'null') as unknown;
    if (Array.isArray(v)) {
      const keys = v.filter((k): k is ColumnKey => (COLUMN_KEYS as readonly unknown[]).includes(k));
      if (keys.length) return COLUMN_KEYS.filter((k) => keys.includes(k));
    }
  } catch {
    // Unreadable or unavailable storage: the default columns.
  }
  return DEFAULT_COLUMNS;
}

interface CustomersState {
  filter: CustomerFilter;
  sort: CustomerSort;
  columns: ColumnKey[];
  /** Bumped by every reload: answers to older requests are dropped. */
  generation: number;
  /** Bumped by a filter or sort change (the list starts at the top again); a refresh keeps the place. */
  view: number;
  /** The total is from before a refresh: the next answer replaces it. */
  stale: boolean;
  /** Matching customers; `exact` false while only a lower bound is known. */
  total: number | null;
  exact: boolean;
  all: number | null;
  tookMs: number | null;
  pages: Map<number, CustomerListRow[]>;
  requested: Set<number>;
  error: ApiError | null;
  /** The row the keyboard is on. */
  active: number;
  openId: string | null;

  setFilter(patch: Partial<CustomerFilter>): void;
  clearFilter(): void;
  sortBy(key: CustomerSortKey): void;
  setColumns(columns: ColumnKey[]): void;
  /** Loads the pages holding rows first…last (indexes in the whole list). */
  ensureRows(first: number, last: number): void;
  /** Reloads what is shown (after an override or a review changed tiers). */
  refresh(): void;
  setActive(index: number): void;
  syncFromHash(): void;
  open(customerId: string): void;
  close(): void;
}

export const useCustomersStore = create<CustomersState>((set, get) => {
  /** Generation whose exact count was asked for already. */
  let counting = -1;

  const restart = (patch: Partial<CustomersState>, keepPlace = false) => {
    const { active, view } = get();
    set({
      ...patch,
      generation: get().generation + 1,
      pages: new Map(),
      requested: new Set(),
      error: null,
      // A refresh keeps the old total until the new one arrives, so the grid keeps its height and place.
      ...(keepPlace ? { active, stale: true } : { active: 0, view: view + 1, total: null, exact: false, stale: false }),
    });
    if (!keepPlace) get().ensureRows(0, PAGE_SIZE - 1);
  };

  const loadPage = async (page: number) => {
    const { generation, filter, sort } = get();
    const r = await api.customersList({ filter: cleanFilter(filter), sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    if (get().generation !== generation) return;
    if (!r.ok) {
      const requested = new Set(get().requested);
      requested.delete(page);
      set({ error: r.error, requested });
      return;
    }
    const s = get();
    const pages = new Map(s.pages);
    pages.set(page, r.value.rows);
    // An exact total wins; a lower bound replaces a stale total and otherwise only grows.
    const total = r.value.exact
      ? { total: r.value.total, exact: true }
      : s.stale
        ? { total: r.value.total, exact: false }
        : s.exact
          ? {}
          : { total: Math.max(s.total ?? 0, r.value.total) };
    set({ pages, error: null, all: r.value.all, tookMs: page === 0 ? r.value.tookMs : s.tookMs, stale: false, ...total });
    if (!r.value.exact && !get().exact && counting !== generation) {
      counting = generation;
      void countExactly(generation);
    }
  };

  const countExactly = async (generation: number) => {
    const r = await api.customersCount({ filter: cleanFilter(get().filter) });
    if (get().generation !== generation || !r.ok) return;
    set({ total: r.value.count, exact: true });
  };

  return {
    filter: {},
    sort: { key: 'customerId', dir: 'asc' },
    columns: storedColumns(),
    generation: 0,
    view: 0,
    stale: false,
    total: null,
    exact: false,
    all: null,
    tookMs: null,
    pages: new Map(),
    requested: new Set(),
    error: null,
    active: 0,
    openId: idFromHash(location.hash),

    setFilter(patch) {
      restart({ filter: { ...get().filter, ...patch } });
    },
    clearFilter() {
      restart({ filter: {} });
    },
    sortBy(key) {
      const cur = get().sort;
      // Text sorts start ascending, amounts and tiers start with the largest.
      const dir = cur.key === key ? (cur.dir === 'asc' ? 'desc' : 'asc') : key === 'customerId' ? 'asc' : 'desc';
      restart({ sort: { key, dir } });
    },
    setColumns(columns) {
      const ordered = COLUMN_KEYS.filter((k) => columns.includes(k));
      try {
        localStorage.setItem(COLUMNS_STORAGE, JSON.stringify(ordered));
      } catch {
        // Not remembered; the choice still applies now.
      }
      set({ columns: ordered });
    },
    ensureRows(first, last) {
      const { requested, total } = get();
      const end = total === null ? last : Math.min(last, Math.max(total - 1, 0));
      const want: number[] = [];
      for (let p = Math.floor(Math.max(first, 0) / PAGE_SIZE); p <= Math.floor(Math.max(end, 0) / PAGE_SIZE); p++)
        if (!requested.has(p)) want.push(p);
      if (want.length === 0) return;
      set({ requested: new Set([...requested, ...want]) });
      for (const p of want) void loadPage(p);
    },
    refresh() {
      restart({}, true);
    },
    setActive(index) {
      const total = get().total ?? 0;
      set({ active: Math.max(0, Math.min(index, total - 1)) });
    },
    syncFromHash() {
      const id = idFromHash(location.hash);
      if (id !== get().openId) set({ openId: id });
    },
    open(customerId) {
      set({ openId: customerId });
      const hash = customerHash(customerId);
      if (location.hash !== hash) location.hash = hash;
    },
    close() {
      set({ openId: null });
      if (location.hash !== '#/customers') location.hash = '#/customers';
    },
  };
});

/** The row at an index of the whole list, if its page is loaded. */
export function rowAt(pages: Map<number, CustomerListRow[]>, index: number): CustomerListRow | undefined {
  return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}
