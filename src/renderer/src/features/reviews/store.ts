import { create } from 'zustand';
import type { ApiError } from '../../../../shared/api';
import { api } from '../../lib/api';

interface ReviewsState {
  /** Open reviews; null until the first answer. */
  open: number | null;
  error: ApiError | null;
  loadCount(): Promise<void>;
}

export const useReviewsStore = create<ReviewsState>((set) => ({
  open: null,
  error: null,
  async loadCount() {
    const r = await api.reviewsCount();
    if (r.ok) set({ open: r.value.open, error: null });
    else set({ error: r.error });
  },
}));
