import type { JobProgress } from '@shared/api/types';
import type { Kind } from '../import/index';
import type { WorkerError } from './workerError';

/** Work that runs in a worker thread with its own database connection. */
export type Job =
  | { kind: 'evaluate'; asOf?: string; actor: string }
  /** A new demo database: generate `customers` customers, then evaluate as of today. */
  | { kind: 'demo'; customers: number; seed: number; actor: string }
  /** CSV files (paths) imported all-or-nothing; cancellable with a HostMessage. */
  | { kind: 'import'; files: Partial<Record<Kind, string>>; dryRun: boolean; actor: string };

/** Host → worker while a job runs. Only the import, which yields between chunks, acts on it. */
export type HostMessage = { type: 'cancel' };

export interface WorkerInput {
  dbPath: string;
  /** better-sqlite3 addon built for this runtime (Electron), when not the default Node build. */
  nativeBinding?: string;
  /** Milliseconds to add to Date.now() so the worker sees the same clock as the host. */
  clockOffset: number;
  job: Job;
}

export type WorkerMessage =
  { type: 'progress'; progress: JobProgress } | { type: 'done'; value: unknown } | { type: 'error'; error: WorkerError };
