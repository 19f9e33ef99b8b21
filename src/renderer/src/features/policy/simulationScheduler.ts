import { api } from '../../lib/api';
import { runKey, runRequest } from './simulationRequest';
import { MOVERS_PAGE, type EditMode, type GetStudio, type Schedule, type SetStudio } from './studioState';

const PACE_MS = 150;

/**
 * The simulation pacer of the studio store: `schedule` runs a drag or a key step at once (then at most
 * every PACE_MS) and waits for a pause in typing.
 */
export function createSimulationScheduler(set: SetStudio, get: GetStudio): Schedule {
  // One request in flight at a time, always for the latest edit: answers arrive in the order asked,
  // so none is ever older than what is shown, and a drag never queues work on the server.
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let again = false;
  let lastSent = -Infinity;

  function schedule(mode: EditMode) {
    if (mode === 'type') {
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, PACE_MS);
      return;
    }
    if (timer) return; // the pending call reads the state when it fires
    timer = setTimeout(fire, Math.max(0, lastSent + PACE_MS - performance.now()));
  }

  function fire() {
    timer = null;
    if (inFlight) {
      again = true;
      return;
    }
    void send();
  }

  async function send() {
    const s = get();
    const request = runRequest(s);
    if (!request) return;
    const key = runKey(s)!;
    if (key === s.resultKey && !s.simError) return;
    const generation = s.generation;
    const q = s.moversQuery;
    inFlight = true;
    lastSent = performance.now();
    const t0 = lastSent;
    const r = await api.simulationRun(
      {
        ...request,
        movers: {
          limit: MOVERS_PAGE,
          ...(q.search.trim() ? { search: q.search } : {}),
          ...(q.direction ? { direction: q.direction } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        },
      },
      (p) => set({ building: p }),
    );
    inFlight = false;
    if (get().generation === generation) {
      if (r.ok)
        set({
          result: r.value,
          resultKey: key,
          simError: null,
          building: null,
          roundTripMs: performance.now() - t0,
          movers: r.value.movers,
          applied: get().applied + 1,
        });
      else set({ simError: r.error, resultKey: key, building: null });
    }
    if (again) {
      again = false;
      fire();
    }
  }

  return schedule;
}
