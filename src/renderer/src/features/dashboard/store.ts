import { create } from 'zustand';
import type { ApiError, EvaluationSummary, GmvShare, JobProgress, TierDistribution, TrendPoint } from '@shared/api';
import { api } from '../../lib/api';
import { useAppStore } from '../../app/store';
import { useReviewsStore } from '../reviews/store';

interface DashboardState {
  distribution: TierDistribution | null;
  gmv: GmvShare | null;
  trend: TrendPoint[] | null;
  loading: boolean;
  error: ApiError | null;
  evaluating: boolean;
  progress: JobProgress | null;
  lastRun: EvaluationSummary | null;
  evaluationError: ApiError | null;
  load(): Promise<void>;
  reevaluate(): Promise<void>;
}

export const useDashboardStore = create<DashboardState>((set, get) => ({
  distribution: null,
  gmv: null,
  trend: null,
  loading: false,
  error: null,
  evaluating: false,
  progress: null,
  lastRun: null,
  evaluationError: null,
  async load() {
    set({ loading: true });
    const [distribution, gmv, trend] = await Promise.all([
      api.tiersDistribution(),
      api.tiersGmvShare(),
      api.runsTrend({}),
      useReviewsStore.getState().loadCount(),
      useAppStore.getState().loadInfo(),
    ]);
    const error = [distribution, gmv, trend].find((r) => !r.ok);
    set({
      loading: false,
      error: error && !error.ok ? error.error : null,
      ...(distribution.ok ? { distribution: distribution.value } : {}),
      ...(gmv.ok ? { gmv: gmv.value } : {}),
      ...(trend.ok ? { trend: trend.value } : {}),
    });
  },
  async reevaluate() {
    if (get().evaluating) return;
    set({ evaluating: true, progress: null, lastRun: null, evaluationError: null });
    const r = await api.evaluationRun({}, (progress) => set({ progress }));
    set({ evaluating: false, ...(r.ok ? { lastRun: r.value } : { evaluationError: r.error }) });
    // Reload even after a failure: a run may have finished in the database before the answer was lost.
    await get().load();
  },
}));
