import { DomainError } from '../engine/errors';
import { openDb, type DB } from '../engine/db';
import { JobRunner } from '../engine/worker/runner';
import { createDispatcher, type Dispatch } from './dispatcher';
import { createRecoveryDispatch } from './handlers/data';
import { startHttpServer, type RunningServer } from './http';

export interface ServeOptions {
  /**
   * The open database, or null when `dbPath` could not be opened: the console then shows what is
   * wrong and offers a restore from a backup or another file, and switches to it once it opens.
   */
  db: DB | null;
  dbPath: string;
  rendererDir: string;
  /** The bundled worker entry (out/node/worker.mjs). */
  workerUrl: URL | string;
  appVersion: string;
  defaultActor: string;
  now: () => number;
  port?: number;
  host?: string;
  allowRemote?: boolean;
  token?: string;
  log?: (line: string) => void;
}

/** Browser mode: dispatcher + worker jobs + HTTP. `close` stops all but the db it was given. */
export async function serveBrowserMode(opts: ServeOptions): Promise<RunningServer> {
  let jobs: JobRunner | null = null;
  /** A database this function opened itself (after a recovery), closed with the server. */
  let opened: DB | null = null;
  let current: Dispatch;
  const useDatabase = (db: DB, dbPath: string) => {
    jobs = new JobRunner({ workerUrl: opts.workerUrl, dbPath, now: opts.now });
    current = createDispatcher({ db, dbPath, mode: 'browser', appVersion: opts.appVersion, now: opts.now, defaultActor: opts.defaultActor, jobs });
  };
  if (opts.db) useDatabase(opts.db, opts.dbPath);
  else {
    current = createRecoveryDispatch({
      dbPath: opts.dbPath,
      now: opts.now,
      actor: opts.defaultActor,
      open(file) {
        opened = openDb(file, { now: opts.now });
        useDatabase(opened, file);
        opts.log?.(`opened ${file}`);
      },
    });
  }
  const closeJobs = async () => {
    await jobs?.close();
  };
  let server: RunningServer;
  try {
    server = await startHttpServer({
      dispatch: (channel, input, o) => current(channel, input, o),
      rendererDir: opts.rendererDir,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.allowRemote ? { allowRemote: true } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  } catch (e) {
    await closeJobs();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new DomainError('PORT_IN_USE', `port ${opts.port}: already in use by another program; choose another --port or leave it out`);
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new DomainError('CANNOT_LISTEN', `cannot listen on ${opts.host ?? '127.0.0.1'}:${opts.port ?? 0} (${code})`);
    throw e;
  }
  return {
    ...server,
    close: async () => {
      await server.close();
      await closeJobs();
      (opened as DB | null)?.close();
    },
  };
}
