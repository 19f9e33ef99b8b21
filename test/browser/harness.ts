import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(ROOT, 'bin', 'tierdesk.mjs');
export const SHOTS = path.join(ROOT, 'test-output');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** True when `output` is missing or older than any file under `inputs`. */
function stale(output: string, inputs: string[]): boolean {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return inputs.some((d) => fs.existsSync(d) && newestMtime(d) > built);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * Builds what browser mode serves, once: the Node bundles (CLI, worker) and the renderer. `npm test`
 * builds before vitest, so this only rebuilds when a source file is newer than the build.
 */
export function ensureBuilt(): void {
  const src = (d: string) => path.join(ROOT, 'src', d);
  if (
    stale(path.join(ROOT, 'out/node/cli.mjs'), ['engine', 'cli', 'server', 'shared'].map(src)) ||
    stale(path.join(ROOT, 'out/node/worker.mjs'), ['engine', 'shared'].map(src)) ||
    stale(path.join(ROOT, 'out/node/simulation.mjs'), ['engine', 'shared'].map(src))
  ) {
    run(process.execPath, ['scripts/build-node.mjs']);
  }
  if (stale(path.join(ROOT, 'out/renderer/index.html'), ['renderer', 'shared'].map(src))) {
    run(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  }
}

/** Runs the tierdesk CLI; throws with its stderr when it fails. */
export function tierdesk(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tierdesk ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `tierdesk serve --db FILE --port 0`; resolves with the URL (token included) it prints. */
export function serve(db: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`tierdesk serve printed no URL within 20 s:\n${out}\n${err}`));
    }, 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+#token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tierdesk serve exited ${code} before printing its URL:\n${out}\n${err}`));
    });
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export interface BrowserPage {
  browser: Browser;
  page: Page;
  /** Console messages reporting a Content-Security-Policy violation: the app must cause none. */
  cspViolations: string[];
  /** Uncaught errors thrown in the page. */
  pageErrors: string[];
}

/** Launches Chromium with one page that records CSP violations and page errors; makes the screenshot folder. */
export async function openPage(options: BrowserContextOptions): Promise<BrowserPage> {
  const browser = await launchChromium();
  const page = await browser.newPage(options);
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  fs.mkdirSync(SHOTS, { recursive: true });
  return { browser, page, cspViolations, pageErrors };
}

/** Closes what a browser test opened (any of it may be missing when its set-up failed) and deletes its folder. */
export async function closeAll(browser: Browser | undefined, server: Served | undefined, dir: string | undefined): Promise<void> {
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** "1,234" · "¥1,671,566.76" · "CN¥1,671,566.76" → the number it shows. */
export function shownNumber(text: string | null): number {
  const digits = (text ?? '').replace(/[^0-9.-]/g, '');
  if (!/\d/.test(digits)) throw new Error(`no number in "${text}"`);
  return Number(digits);
}
