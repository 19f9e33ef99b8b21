import { create } from 'zustand';
import type { ApiError } from '@shared/api';
import type { AuditEntry, AuditFacets, AuditFilterInput } from '@shared/api/channels/data';
import { api } from '../../lib/api';

export type AuditFilter = AuditFilterInput;

interface AuditState {
  filter: AuditFilter;
  page: number;
  pageSize: number;
  rows: AuditEntry[];
  total: number;
  loading: boolean;
  error: ApiError | null;
  facets: AuditFacets | null;
  load(): Promise<void>;
  loadFacets(): Promise<void>;
  setFilter(patch: AuditFilter): void;
  resetFilter(): void;
  setPage(page: number, pageSize: number): void;
}

/** Drops empty values so the filter sent (and exported) says only what was chosen. */
function clean(f: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as AuditFilter;
}

let seq = 0;

export const useAuditStore = create<AuditState>((set, get) => ({
  filter: {},
  page: 1,
  pageSize: 50,
  rows: [],
  total: 0,
  loading: false,
  error: null,
  facets: null,
  async load() {
    const { filter, page, pageSize } = get();
    const mine = ++seq;
    set({ loading: true });
    const r = await api.auditQuery({ ...filter, offset: (page - 1) * pageSize, limit: pageSize });
    // A slower answer to an older filter must not overwrite a newer one.
    if (mine !== seq) return;
    set({ loading: false, ...(r.ok ? { rows: r.value.rows, total: r.value.total, error: null } : { error: r.error }) });
  },
  async loadFacets() {
    const r = await api.auditFacets();
    if (r.ok) set({ facets: r.value });
  },
  setFilter(patch) {
    set({ filter: clean({ ...get().filter, ...patch }), page: 1 });
    void get().load();
  },
  resetFilter() {
    set({ filter: {}, page: 1 });
    void get().load();
  },
  setPage(page, pageSize) {
    set({ page, pageSize });
    void get().load();
  },
}));
