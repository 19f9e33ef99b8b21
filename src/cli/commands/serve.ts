import fs from 'node:fs';
import path from 'node:path';
import { common, UsageError, type Command } from '../framework';
import { DomainError } from '../../engine/errors';
import type { DB } from '../../engine/db';
import { checkBinding } from '../../server/http';
import { nodePaths } from '../../server/paths';
import { serveBrowserMode } from '../../server/serve';

const serve: Command = {
  name: 'serve',
  summary: 'serve the console in a browser (127.0.0.1 only, per-launch token) until stopped',
  options: {
    db: common.db,
    port: { type: 'string', help: 'P  port to listen on (default: a free one)' },
    host: { type: 'string', help: 'H  address to bind (default 127.0.0.1; others need --allow-remote)' },
    'allow-remote': { type: 'boolean', help: 'allow a non-loopback --host (needs --token)' },
    token: { type: 'string', help: 'T  the access token (default: random per launch; ≥ 32 characters)' },
  },
  async run(ctx) {
    const port = ctx.int('port');
    if (port !== undefined && port > 65535) throw new UsageError(`--port: ${port} is not a port (0–65535)`);
    const host = ctx.str('host');
    const token = ctx.str('token');
    const allowRemote = ctx.values['allow-remote'] === true;
    try {
      checkBinding({ host, allowRemote, token });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (token !== undefined && !allowRemote)
      throw new UsageError('--token is only for --allow-remote; on this workstation a random token is made at every launch');
    const dbPath = path.resolve(ctx.str('db')!);
    let db: DB | null;
    try {
      db = ctx.db();
    } catch (e) {
      // A missing file is a mistake in the command; a damaged or locked one opens the recovery screen.
      if (!(e instanceof DomainError) || e.code === 'DB_NOT_FOUND') throw e;
      ctx.err(`tierdesk: ${e.message}`);
      ctx.err('The console opens on a screen that offers a restore from a backup or another file; the file is left as it is.');
      db = null;
    }
    const paths = nodePaths();
    if (!fs.existsSync(paths.workerFile)) throw new UsageError(`${paths.workerFile} is missing: run "npm run build:node" first`);
    if (!fs.existsSync(path.join(paths.rendererDir, 'index.html')))
      ctx.err(`warning: the console is not built (${paths.rendererDir}); only the API is served. Run "npm run build".`);
    const server = await serveBrowserMode({
      db,
      dbPath,
      rendererDir: paths.rendererDir,
      workerUrl: paths.workerFile,
      appVersion: paths.version,
      defaultActor: ctx.actor(),
      now: ctx.io.now,
      ...(port !== undefined ? { port } : {}),
      ...(host !== undefined ? { host } : {}),
      ...(allowRemote ? { allowRemote } : {}),
      ...(token !== undefined ? { token } : {}),
      log: (line) => ctx.err(line),
    });
    ctx.out(`Tierdesk console (browser mode) on ${dbPath}`);
    ctx.out(`Open: ${server.url}`);
    ctx.out('The token in the address is new at every launch. Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    ctx.out('Stopped.');
  },
};

export const commands: Command[] = [serve];
