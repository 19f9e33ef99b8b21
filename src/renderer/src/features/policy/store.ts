import { create } from 'zustand';
import { api } from '../../lib/api';
import type { Checked } from './model';
import { draftActions } from './draftActions';
import { editActions } from './editActions';
import { createSimulationScheduler } from './simulationScheduler';
import { MOVERS_PAGE, type StudioState } from './studioState';

const EMPTY_CHECK: Checked = { policy: null, byPath: new Map(), all: [] };

export const useStudioStore = create<StudioState>((set, get) => {
  const schedule = createSimulationScheduler(set, get);

  return {
    active: null,
    loadError: null,
    drafts: [],
    doc: null,
    checked: EMPTY_CHECK,
    generation: 0,
    draftId: null,
    draftName: '',
    basedOnVersion: null,
    updatedAt: null,
    dirty: false,
    ranges: {},
    focus: null,
    asOf: null,
    result: null,
    resultKey: null,
    simError: null,
    building: null,
    roundTripMs: null,
    applied: 0,
    moversQuery: { search: '', direction: null, from: null, to: null },
    movers: null,
    moversLoading: false,

    ...draftActions(set, get, schedule),
    ...editActions(set, get, schedule),

    setMoversQuery(q) {
      set({ moversQuery: { ...get().moversQuery, ...q } });
      void get().loadMoversPage(0);
    },

    async loadMoversPage(offset) {
      const { result, moversQuery: q, generation } = get();
      if (!result) return;
      set({ moversLoading: true });
      const r = await api.simulationMovers({
        simulationId: result.simulationId,
        offset,
        limit: MOVERS_PAGE,
        ...(q.search.trim() ? { search: q.search } : {}),
        ...(q.direction ? { direction: q.direction } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
      // A newer simulation (or document) came in meanwhile: its own first page is already shown.
      if (get().generation !== generation || get().result?.simulationId !== result.simulationId) return;
      if (r.ok) set({ movers: r.value, moversLoading: false });
      else {
        set({ moversLoading: false });
        // The data changed or the server dropped the run: simulate again, with the query.
        if (r.error.code === 'SIMULATION_STALE' || r.error.code === 'SIMULATION_NOT_FOUND') {
          set({ resultKey: null });
          schedule('drag');
        } else set({ simError: r.error });
      }
    },

    simulateNow() {
      set({ resultKey: null });
      schedule('drag');
    },
  };
});
