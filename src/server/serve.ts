import { DomainError } from '../engine/errors';
import type { DB } from '../engine/db';
import { JobRunner } from '../engine/worker/runner';
import { createDispatcher } from './dispatcher';
import { startHttpServer, type RunningServer } from './http';

export interface ServeOptions {
  db: DB;
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

/** Browser mode on an open database: dispatcher + worker jobs + HTTP. `close` stops all but the db. */
export async function serveBrowserMode(opts: ServeOptions): Promise<RunningServer> {
  const jobs = new JobRunner({ workerUrl: opts.workerUrl, dbPath: opts.dbPath, now: opts.now });
  const dispatch = createDispatcher({
    db: opts.db,
    dbPath: opts.dbPath,
    mode: 'browser',
    appVersion: opts.appVersion,
    now: opts.now,
    defaultActor: opts.defaultActor,
    jobs,
  });
  let server: RunningServer;
  try {
    server = await startHttpServer({
      dispatch,
      rendererDir: opts.rendererDir,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.allowRemote ? { allowRemote: true } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  } catch (e) {
    await jobs.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new DomainError('PORT_IN_USE', `port ${opts.port}: already in use by another program; choose another --port or leave it out`);
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new DomainError('CANNOT_LISTEN', `cannot listen on ${opts.host ?? '127.0.0.1'}:${opts.port ?? 0} (${code})`);
    throw e;
  }
  return {
    ...server,
    close: async () => {
      await server.close();
      await jobs.close();
    },
  };
}
