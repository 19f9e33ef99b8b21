import type { DB } from '../engine/db';
import type { JobRunner } from '../engine/worker/runner';
import type { SimulationWorker } from '../engine/worker/simulation';
import type { JobProgress } from '@shared/api/types';

/** What a host (browser-mode server or Electron main) gives the handlers for its whole life. */
export interface ServerEnv {
  /** The host's own connection (main thread): reads and short writes. */
  db: DB;
  dbPath: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  now: () => number;
  /** Actor when the operator has not given a name in the settings (the OS user name). */
  defaultActor: string;
  /** Long work (evaluate, demo generation) in a worker thread with its own connection. */
  jobs: JobRunner;
  /**
   * The policy studio's simulations: a long-lived worker thread with its own read-only connection
   * that keeps the metrics cache between calls.
   */
  simulation: SimulationWorker;
}

/** Per call. */
export interface HandlerContext extends ServerEnv {
  /** The operator recorded on audited changes: settings' operator name, else defaultActor. */
  actor: string;
  /** Progress of a long-running channel; a no-op when the caller did not ask for it. */
  progress: (p: JobProgress) => void;
}
