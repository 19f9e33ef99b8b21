import type { DB } from '../engine/db';
import { JobRunner } from '../engine/worker/runner';
import { SimulationWorker, simulationWorkerBeside } from '../engine/worker/simulation';
import { createDispatcher, type Dispatch } from './dispatcher';
import { HANDLERS } from './handlers/index';
import { createRecoveryDispatch } from './recovery';

export interface HostOptions {
  /** The open database, or null when `dbPath` could not be opened. */
  db: DB | null;
  dbPath: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  defaultActor: string;
  now: () => number;
  /** The bundled job worker entry; the simulation worker entry is the `simulation` file beside it. */
  workerUrl: URL | string;
  nativeBinding?: string;
  /** Opens a database file after a restore or when the user picks another one. */
  openDb(file: string): DB;
  log?: (line: string) => void;
}

export interface Host {
  /** Routes every call to the open database's dispatcher, or to the recovery channels while none is open. */
  dispatch: Dispatch;
  close(): Promise<void>;
}

/**
 * What Electron main and browser mode both serve: the API over one database with its worker jobs.
 * A database that cannot be opened gets the recovery dispatcher (diagnosis, restore, another file)
 * until one opens; then the normal dispatcher takes over.
 */
export function createHost(opts: HostOptions): Host {
  let jobs: JobRunner | null = null;
  let simulation: SimulationWorker | null = null;
  let opened: DB | null = null;
  let current: Dispatch;
  const binding = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  const useDatabase = (db: DB, dbPath: string) => {
    jobs = new JobRunner({ workerUrl: opts.workerUrl, dbPath, now: opts.now, ...binding });
    simulation = new SimulationWorker({ workerUrl: simulationWorkerBeside(opts.workerUrl), dbPath, ...binding });
    current = createDispatcher(
      {
        db,
        dbPath,
        mode: opts.mode,
        appVersion: opts.appVersion,
        now: opts.now,
        defaultActor: opts.defaultActor,
        jobs,
        simulation,
      },
      HANDLERS,
    );
  };
  if (opts.db) useDatabase(opts.db, opts.dbPath);
  else {
    current = createRecoveryDispatch({
      dbPath: opts.dbPath,
      now: opts.now,
      actor: opts.defaultActor,
      open(file) {
        opened = opts.openDb(file);
        useDatabase(opened, file);
        opts.log?.(`opened ${file}`);
      },
    });
  }
  return {
    dispatch: (channel, input, o) => current(channel, input, o),
    async close() {
      await Promise.all([(jobs as JobRunner | null)?.close(), (simulation as SimulationWorker | null)?.close()]);
      (opened as DB | null)?.close();
    },
  };
}
