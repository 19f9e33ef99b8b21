import { create } from 'zustand';
import type { ApiError } from '@shared/api';
import type { BulkDecision, ReviewQueue } from '@shared/api/channels/reviews';
import { api } from '../../lib/api';

export const QUEUE_PAGE = 50;

export interface DecisionResult extends BulkDecision {
  action: 'approve' | 'reject';
}

interface ReviewsState {
  /** Open reviews (the navigation badge); null until the first answer. */
  open: number | null;
  error: ApiError | null;
  queue: ReviewQueue | null;
  page: number;
  search: string;
  loading: boolean;
  /** Customer ids ticked for a bulk decision (kept across pages). */
  selected: string[];
  result: DecisionResult | null;
  loadCount(): Promise<void>;
  loadQueue(): Promise<void>;
  setPage(page: number): void;
  setSearch(search: string): void;
  select(ids: string[]): void;
  decide(action: 'approve' | 'reject', customerIds: string[], reason: string): Promise<ApiError | null>;
  dismissResult(): void;
}

export const useReviewsStore = create<ReviewsState>((set, get) => ({
  open: null,
  error: null,
  queue: null,
  page: 1,
  search: '',
  loading: false,
  selected: [],
  result: null,
  async loadCount() {
    const r = await api.reviewsCount();
    if (r.ok) set({ open: r.value.open, error: null });
    else set({ error: r.error });
  },
  async loadQueue() {
    const { page, search } = get();
    set({ loading: true });
    const r = await api.reviewsList({ offset: (page - 1) * QUEUE_PAGE, limit: QUEUE_PAGE, ...(search ? { search } : {}) });
    // A newer page or search was asked for meanwhile.
    if (get().page !== page || get().search !== search) return;
    if (r.ok && r.value.rows.length === 0 && page > 1 && r.value.total > 0) {
      // The last page emptied by decisions: show the one before.
      set({ page: Math.ceil(r.value.total / QUEUE_PAGE) });
      return get().loadQueue();
    }
    set({ loading: false, ...(r.ok ? { queue: r.value, error: null } : { error: r.error }) });
  },
  setPage(page) {
    set({ page });
    void get().loadQueue();
  },
  setSearch(search) {
    set({ search, page: 1 });
    void get().loadQueue();
  },
  select(ids) {
    set({ selected: ids });
  },
  async decide(action, customerIds, reason) {
    const r = action === 'approve' ? await api.reviewsApprove({ customerIds, reason }) : await api.reviewsReject({ customerIds, reason });
    if (!r.ok) return r.error;
    // Decided or not, none of them can be decided again from this selection (a failure is no longer open).
    const asked = new Set(customerIds);
    set({ result: { action, ...r.value }, selected: get().selected.filter((id) => !asked.has(id)) });
    await Promise.all([get().loadQueue(), get().loadCount()]);
    return null;
  },
  dismissResult() {
    set({ result: null });
  },
}));
