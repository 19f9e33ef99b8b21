import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type DB } from '../engine/db';
import { createHost } from '../server/host';
import { DomainError } from '../engine/errors';
import { createDemoDatabase } from '../server/demo';
import { contentSecurityPolicy, injectNonce } from '@shared/api/security';
import { registerIpc } from './ipc';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  permissionDecision,
  rendererFileFor,
  shouldBlockNavigation,
  windowOpenDecision,
  windowOptions,
} from './security';

// Thin Electron glue: everything it decides is in ./security (tested); everything it serves goes
// through the same dispatcher as browser mode.

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');
const workerFile = path.join(here, 'worker.js');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** The better-sqlite3 build for Electron's ABI that `npm start` prepared (unpackaged runs only). */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const p = process.env.TIERDESK_NATIVE_BINDING;
  return p && fs.existsSync(p) ? p : undefined;
}

function dataDir(): string {
  return process.env.TIERDESK_DATA || app.getPath('userData');
}

function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, path.sep);
    const headers: Record<string, string> = { 'x-content-type-options': 'nosniff' };
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return new Response('not found', { status: 404, headers });
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (path.basename(file) === 'index.html') {
      const nonce = crypto.randomBytes(16).toString('base64');
      return new Response(injectNonce(fs.readFileSync(file, 'utf8'), nonce), {
        headers: { ...headers, 'content-type': type, 'content-security-policy': contentSecurityPolicy(nonce) },
      });
    }
    return new Response(fs.readFileSync(file), { headers: { ...headers, 'content-type': type } });
  });
}

function lockDown(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (shouldBlockNavigation(url)) event.preventDefault();
    };
    contents.on('will-navigate', (e) => guard(e, e.url));
    contents.on('will-frame-navigate', (e) => guard(e, e.url));
    contents.on('will-redirect', (e) => guard(e, e.url));
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url));
  });
}

async function openDatabase(): Promise<{ db: DB | null; file: string }> {
  const dir = dataDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'tierdesk.db');
  const binding = nativeBinding();
  if (!fs.existsSync(file)) {
    process.stdout.write(`Tierdesk: first launch, creating the demo database ${file} …\n`);
    await createDemoDatabase(file, {
      workerUrl: workerFile,
      now: Date.now,
      actor: 'system',
      ...(binding ? { nativeBinding: binding } : {}),
    });
  }
  try {
    return { db: openDb(file, binding ? { nativeBinding: binding } : {}), file };
  } catch (e) {
    // The console opens on the recovery screen (restore a backup or choose another file); the bad file is left as it is.
    if (e instanceof DomainError) return { db: null, file };
    throw e;
  }
}

async function start(): Promise<void> {
  lockDown();
  serveAppProtocol();
  const { db, file } = await openDatabase();
  const binding = nativeBinding();
  const host = createHost({
    db,
    dbPath: file,
    mode: 'electron',
    appVersion: app.getVersion(),
    now: Date.now,
    defaultActor: os.userInfo().username || 'operator',
    workerUrl: workerFile,
    ...(binding ? { nativeBinding: binding } : {}),
    openDb: (f) => openDb(f, binding ? { nativeBinding: binding } : {}),
  });
  registerIpc(ipcMain, host.dispatch);
  const win = new BrowserWindow(windowOptions(preloadPath, { devTools: !app.isPackaged }));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_START_URL);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void host.close();
    if (db?.open) db.close();
  });
}

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      const msg = (e as Error)?.message ?? String(e);
      process.stderr.write(`Tierdesk: ${msg}\n`);
      dialog.showErrorBox('Tierdesk cannot start', msg);
      app.exit(1);
    });
}
