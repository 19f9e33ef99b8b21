import { parentPort, workerData } from 'node:worker_threads';
import { openDb, type DB } from '../db';
import { DomainError } from '../errors';
import { evaluate } from '../evaluate';
import { fillDemo } from '../demoDb';
import type { Progress } from '../../shared/api/types';
import type { Job, WorkerInput, WorkerMessage } from './protocol';

const PROGRESS_INTERVAL_MS = 100;

function post(msg: WorkerMessage): void {
  parentPort!.postMessage(msg);
}

/** At most one event per interval, but always the first and last of each phase. */
function throttled(): (p: Progress) => void {
  let last = 0;
  let phase = '';
  return (p) => {
    const t = Date.now();
    if (p.phase !== phase || p.done >= p.total || t - last >= PROGRESS_INTERVAL_MS) {
      phase = p.phase;
      last = t;
      post({ type: 'progress', progress: { phase: p.phase, done: p.done, total: p.total } });
    }
  };
}

function runJob(db: DB, job: Job, now: () => number): unknown {
  const onProgress = throttled();
  switch (job.kind) {
    case 'evaluate':
      return evaluate(db, { now, actor: job.actor, onProgress, ...(job.asOf ? { asOf: job.asOf } : {}) });
    case 'demo':
      return fillDemo(db, { customers: job.customers, seed: job.seed, now, actor: job.actor, onProgress });
  }
}

const input = workerData as WorkerInput;
const now = () => Date.now() + input.clockOffset;
let msg: WorkerMessage;
try {
  const db = openDb(input.dbPath, { now, create: input.job.kind === 'demo', ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
  try {
    msg = { type: 'done', value: runJob(db, input.job, now) };
  } finally {
    // Closed before reporting, so the WAL is checkpointed and the file complete when the host acts on it.
    db.close();
  }
} catch (e) {
  const err = e as Error;
  msg = { type: 'error', error: e instanceof DomainError ? { code: e.code, message: e.message } : { message: err?.message ?? String(e), stack: err?.stack } };
}
post(msg);
