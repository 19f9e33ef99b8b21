// `npm start`: the console on the per-user demo database. Electron where it can run; otherwise ONE
// line saying why, then browser mode on the same database. `npm run serve` (--browser) skips Electron.
//
// Electron needs better-sqlite3 built for its own ABI (scripts/electron-native.mjs builds it beside
// the Node build, which stays untouched) and main loads it through better-sqlite3's `nativeBinding`.
// The Electron binary and Electron's headers come from the internet on first launch, which is why
// `npm ci` itself downloads nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { electronNativeBinding, electronVersion, Refusal } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browserOnly = process.argv.includes('--browser');
const DEMO_CUSTOMERS = 20_000;
const say = (line) => process.stdout.write(`tierdesk: ${line}\n`);

function dataDir() {
  if (process.env.TIERDESK_DATA) return path.resolve(process.env.TIERDESK_DATA);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Tierdesk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Tierdesk');
  return path.join(process.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'tierdesk');
}

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

function buildIfNeeded() {
  const outputs = [
    'out/node/cli.mjs',
    'out/node/worker.mjs',
    'out/node/simulation.mjs',
    'out/main/index.js',
    'out/main/worker.js',
    'out/main/simulation.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
  ].map((f) => path.join(root, f));
  const built = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const sources = Math.max(
    ...['src', 'electron.vite.config.ts', 'package.json', 'scripts/build-node.mjs'].map((f) => newestMtime(path.join(root, f))),
  );
  if (built > sources) return;
  say('building the console …');
  for (const args of [['scripts/build-node.mjs'], ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn']]) {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      process.stderr.write(`tierdesk: the build failed (node ${args.join(' ')}); fix the errors above and run npm start again\n`);
      process.exit(1);
    }
  }
}

/** A new demo database, built in the engine worker (same job as Electron's first launch). */
async function ensureDemoDatabase(file) {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.creating`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  say(`creating the demo database ${file} (${DEMO_CUSTOMERS.toLocaleString('en')} customers) …`);
  await new Promise((resolve, reject) => {
    const worker = new Worker(path.join(root, 'out/node/worker.mjs'), {
      workerData: { dbPath: tmp, clockOffset: 0, job: { kind: 'demo', customers: DEMO_CUSTOMERS, seed: 1, actor: 'system' } },
    });
    worker.on('message', (m) => {
      if (m.type === 'done') resolve(m.value);
      if (m.type === 'error') reject(new Error(m.error.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`demo generation stopped (exit ${code})`)));
  });
  fs.renameSync(tmp, file);
}

/** Path of the Electron executable, downloading it on first use; throws Refusal with the reason. */
function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const installed = () => {
    const pathTxt = path.join(dir, 'path.txt');
    if (!fs.existsSync(pathTxt)) return null;
    const exe = path.join(dir, 'dist', fs.readFileSync(pathTxt, 'utf8'));
    return fs.existsSync(exe) ? exe : null;
  };
  let exe = installed();
  if (exe) return exe;
  say(`downloading Electron ${electronVersion()} (first launch) …`);
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  exe = installed();
  if (r.status !== 0 || !exe) {
    const why =
      `${r.stderr ?? ''}${r.error?.message ?? ''}`.split('\n').find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|timed? ?out/i.test(l)) ??
      `exit ${r.status}`;
    throw new Refusal(`the Electron binary could not be downloaded (${why.trim().slice(0, 160)})`);
  }
  return exe;
}

/** Starts Electron; resolves with its exit code, or throws Refusal when it dies at start. */
function launchElectron(exe, binding, dir) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TIERDESK_NATIVE_BINDING: binding, TIERDESK_DATA: dir };
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(exe, [root], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let early = true;
    let tail = '';
    const timer = setTimeout(() => (early = false), 8000);
    child.stderr.on('data', (d) => {
      tail = (tail + d.toString()).slice(-4000);
      if (!early) process.stderr.write(d);
    });
    child.on('error', (e) => reject(new Refusal(`Electron could not be started (${e.message})`)));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (early && code !== 0) {
        const line =
          tail
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .pop() ?? `exit ${code ?? signal}`;
        reject(new Refusal(`Electron stopped at start (${line.slice(0, 160)})`));
      } else resolve(code ?? 0);
    });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  });
}

function whyNoElectron() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display ($DISPLAY and $WAYLAND_DISPLAY are not set)';
  if (process.platform === 'linux' && process.getuid?.() === 0)
    return "running as root, where Electron's sandbox cannot start (and Tierdesk does not turn it off)";
  return null;
}

async function main() {
  buildIfNeeded();
  const dir = dataDir();
  const file = path.join(dir, 'tierdesk.db');
  if (!browserOnly) {
    try {
      const reason = whyNoElectron();
      if (reason) throw new Refusal(reason);
      const exe = electronBinary();
      const binding = electronNativeBinding({ log: say });
      process.exitCode = await launchElectron(exe, binding, dir);
      return;
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      say(`Electron cannot start here: ${e.message}; serving the console in browser mode instead.`);
    }
  }
  await ensureDemoDatabase(file);
  const { main: cli } = await import(pathToFileURL(path.join(root, 'out/node/cli.mjs')).href);
  await cli(['serve', '--db', file, ...portArg()]);
}

function portArg() {
  const i = process.argv.indexOf('--port');
  return i > 0 && process.argv[i + 1] ? ['--port', process.argv[i + 1]] : [];
}

main().catch((e) => {
  process.stderr.write(`tierdesk: ${e?.message ?? e}\n`);
  process.exit(1);
});
