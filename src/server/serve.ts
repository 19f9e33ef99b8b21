import { DomainError } from '../engine/errors';
import { openDb, type DB } from '../engine/db';
import { createHost } from './host';
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

/** Browser mode: the host (dispatcher + worker jobs) behind HTTP. `close` stops all but the db it was given. */
export async function serveBrowserMode(opts: ServeOptions): Promise<RunningServer> {
  const host = createHost({
    db: opts.db,
    dbPath: opts.dbPath,
    mode: 'browser',
    appVersion: opts.appVersion,
    defaultActor: opts.defaultActor,
    now: opts.now,
    workerUrl: opts.workerUrl,
    openDb: (file) => openDb(file, { now: opts.now }),
    ...(opts.log ? { log: opts.log } : {}),
  });
  let server: RunningServer;
  try {
    server = await startHttpServer({
      dispatch: host.dispatch,
      rendererDir: opts.rendererDir,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.allowRemote ? { allowRemote: true } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  } catch (e) {
    await host.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE')
      throw new DomainError('PORT_IN_USE', `port ${opts.port}: already in use by another program; choose another --port or leave it out`);
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES')
      throw new DomainError('CANNOT_LISTEN', `cannot listen on ${opts.host ?? '127.0.0.1'}:${opts.port ?? 0} (${code})`);
    throw e;
  }
  return {
    ...server,
    close: async () => {
      await server.close();
      await host.close();
    },
  };
}
