import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors';
import { deserializeWorkerError } from './workerError';
import type { JobProgress } from '@shared/api/types';
import type { HostMessage, Job, WorkerInput, WorkerMessage } from './protocol';

export interface JobRunnerOptions {
  /** The bundled worker entry (out/node/worker.mjs, or out/main/worker.js in Electron). */
  workerUrl: URL | string;
  dbPath: string;
  nativeBinding?: string;
  now: () => number;
}

const JOB_NAMES: Record<Job['kind'], string> = { evaluate: 'an evaluation', demo: 'the demo data generation', import: 'an import' };

/**
 * Runs long engine work off the main thread: one worker thread per job, one job at a time (a second
 * write while one runs would only wait on the SQLite lock, so it is refused with a clear reason).
 */
export class JobRunner {
  private active: { kind: Job['kind']; worker: Worker } | null = null;

  constructor(private readonly opts: JobRunnerOptions) {}

  get busy(): boolean {
    return this.active !== null;
  }

  /**
   * Asks the running job of that kind to stop (an import rolls back and resolves as cancelled).
   * False when no such job is running.
   */
  cancel(kind: Job['kind']): boolean {
    if (this.active?.kind !== kind) return false;
    this.active.worker.postMessage({ type: 'cancel' } satisfies HostMessage);
    return true;
  }

  run(job: Job, onProgress?: (p: JobProgress) => void): Promise<unknown> {
    if (this.active) {
      return Promise.reject(
        new DomainError('BUSY', `${JOB_NAMES[this.active.kind]} is still running; wait for it to finish and try again`),
      );
    }
    const data: WorkerInput = {
      dbPath: this.opts.dbPath,
      clockOffset: this.opts.now() - Date.now(),
      job,
      ...(this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {}),
    };
    const worker = new Worker(this.opts.workerUrl, { workerData: data });
    this.active = { kind: job.kind, worker };
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.active = null;
        fn();
      };
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'progress') onProgress?.(msg.progress);
        else if (msg.type === 'done') finish(() => resolve(msg.value));
        else
          finish(() => {
            reject(deserializeWorkerError(msg.error));
          });
      });
      worker.on('error', (e) => finish(() => reject(e)));
      worker.on('exit', (code) =>
        finish(() => reject(new Error(`${JOB_NAMES[job.kind]} stopped unexpectedly (worker exit code ${code})`))),
      );
    });
  }

  /** Stops a running job (its transaction rolls back with the connection). */
  async close(): Promise<void> {
    const w = this.active?.worker;
    this.active = null;
    if (w) await w.terminate();
  }
}
