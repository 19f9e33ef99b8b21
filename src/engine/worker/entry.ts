import { parentPort, workerData } from 'node:worker_threads';
import { openDb, type DB } from '../db';
import { serializeWorkerError } from './workerError';
import { evaluate } from '../evaluate';
import { fillDemo } from '../demoDb';
import { importFiles, KINDS, type ImportProgress, type Kind } from '../import/index';
import type { JobProgress } from '@shared/api/types';
import type { ImportProgressEvent } from '@shared/api/channels/data';
import type { HostMessage, Job, WorkerInput, WorkerMessage } from './protocol';
import { throttleProgress } from './throttle';

function post(msg: WorkerMessage): void {
  parentPort!.postMessage(msg);
}

const emitProgress = (progress: JobProgress) => post({ type: 'progress', progress });
const plain = () => throttleProgress<JobProgress>(emitProgress);

/**
 * The engine reports rows per file by file name; the console wants the kind being read and the rows
 * over all files (for rows/s). Files are read in KINDS order, so a new name means the next kind.
 */
function importProgress(files: Partial<Record<Kind, string>>): { onProgress: (p: ImportProgress) => void; rows: () => number } {
  const kinds = KINDS.filter((k) => files[k] !== undefined);
  const report = throttleProgress<ImportProgressEvent>(emitProgress, (e) => ({ ...e }));
  let at = -1;
  let file = '';
  let rowsBefore = 0;
  let rows = 0;
  return {
    rows: () => rowsBefore + rows,
    onProgress(p) {
      if (at < 0 || p.file !== file) {
        rowsBefore += rows;
        rows = 0;
        file = p.file;
        at = Math.min(at + 1, kinds.length - 1);
      }
      rows = p.rows;
      report({ phase: kinds[at]!, done: p.bytes, total: p.totalBytes, file: p.file, rows: rowsBefore + rows });
    },
  };
}

async function runJob(db: DB, job: Job, now: () => number, signal: AbortSignal): Promise<unknown> {
  switch (job.kind) {
    case 'evaluate':
      return evaluate(db, { now, actor: job.actor, onProgress: plain(), ...(job.asOf ? { asOf: job.asOf } : {}) });
    case 'demo':
      return fillDemo(db, { customers: job.customers, seed: job.seed, now, actor: job.actor, onProgress: plain() });
    case 'import': {
      const progress = importProgress(job.files);
      const started = performance.now();
      const result = await importFiles(db, job.files, {
        dryRun: job.dryRun,
        now,
        actor: job.actor,
        onProgress: progress.onProgress,
        signal,
      });
      return { ...result, cancelled: result.cancelled ?? false, rows: progress.rows(), elapsedMs: Math.round(performance.now() - started) };
    }
  }
}

const input = workerData as WorkerInput;
const now = () => Date.now() + input.clockOffset;
const cancel = new AbortController();
// While this listener is attached the port keeps the thread alive; it is removed before the end.
const onHostMessage = (m: HostMessage) => {
  if (m?.type === 'cancel') cancel.abort();
};
parentPort!.on('message', onHostMessage);
let msg: WorkerMessage;
try {
  const db = openDb(input.dbPath, {
    now,
    create: input.job.kind === 'demo',
    ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}),
  });
  try {
    msg = { type: 'done', value: await runJob(db, input.job, now, cancel.signal) };
  } finally {
    // Closed before reporting, so the WAL is checkpointed and the file complete when the host acts on it.
    db.close();
  }
} catch (e) {
  msg = { type: 'error', error: serializeWorkerError(e) };
}
parentPort!.off('message', onHostMessage);
post(msg);
