import type { JobProgress } from '@shared/api/types';

const PROGRESS_INTERVAL_MS = 100;

/**
 * Progress for a host across a thread boundary: at most one event per interval, but always the
 * first and last of each phase, and only the fields of Progress (the engine's objects may carry more).
 */
export function throttleProgress<P extends JobProgress>(
  emit: (p: JobProgress) => void,
  shape: (p: P) => JobProgress = (p) => ({ phase: p.phase, done: p.done, total: p.total }),
): (p: P) => void {
  let last = 0;
  let phase = '';
  return (p) => {
    const t = Date.now();
    if (p.phase !== phase || p.done >= p.total || t - last >= PROGRESS_INTERVAL_MS) {
      phase = p.phase;
      last = t;
      emit(shape(p));
    }
  };
}
