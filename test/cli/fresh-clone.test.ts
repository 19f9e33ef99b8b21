// The README's first steps on a fresh clone, as a new user runs them: `git clone`, `npm ci`, then the
// CLI straight from bin/ (`init --demo`, `serve`), the dashboard page and one API call with its numbers.
// It clones the committed HEAD of this repository (uncommitted changes are not in it) and takes minutes
// (better-sqlite3 compiles at `npm ci`). It always runs (a quick local run can leave it out with `vitest run --exclude test/cli/fresh-clone.test.ts`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HERE = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-clone-'));
const repo = path.join(work, 'tierdesk');
const children: ChildProcess[] = [];

/** The environment of a new shell: nothing from an npm script that runs this test (npm_config_local_prefix would point npm ci back here). */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$|NODE_OPTIONS$|VITEST)/i.test(k)));
  return { ...env, TIERDESK_ACTOR: 'fresh-clone' };
}

function run(cmd: string, args: string[], timeout = 120_000) {
  const r = spawnSync(cmd, args, { cwd: repo, env: userEnv(), encoding: 'utf8', timeout });
  return {
    code: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    log: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`,
  };
}

/** `tierdesk serve`: resolves with the printed URL once it listens. */
function serve(db: string): Promise<{ url: URL; token: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['bin/tierdesk.mjs', 'serve', '--db', db], { cwd: repo, env: userEnv() });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=([0-9a-f]{64}))/.exec(out);
      if (m)
        resolve({
          url: new URL(m[1]!),
          token: m[2]!,
          stderr: () => err,
          stop: () => (child.kill('SIGTERM'), exited),
        });
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${out}${err}`)));
  });
}

let install: ReturnType<typeof run>;

describe('a fresh clone, as the README says', { timeout: 900_000 }, () => {
  beforeAll(() => {
    const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: HERE, encoding: 'utf8' }).stdout.trim();
    const clone = spawnSync('git', ['clone', '--quiet', top, repo], { encoding: 'utf8' });
    expect(clone.status, clone.stderr).toBe(0);
    install = run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], 900_000);
  }, 900_000);
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  }, 300_000);

  it('npm ci succeeds, builds the CLI and the console, and npm has nothing to complain about in the project config', () => {
    expect(install.code, install.log).toBe(0);
    expect(install.log).not.toMatch(/Unknown project config/);
    expect(install.log).not.toMatch(/not yet covered by allowScripts/);
    for (const f of ['out/node/cli.mjs', 'out/node/worker.mjs', 'out/renderer/index.html'])
      expect(fs.existsSync(path.join(repo, f)), f).toBe(true);
  });

  it('init --demo, then serve: the dashboard page and its numbers over the API', async () => {
    expect(run(process.execPath, ['bin/tierdesk.mjs', '--help']).stdout).toContain('contracts expire');
    const db = path.join(work, 'demo.db');
    const init = run(process.execPath, ['bin/tierdesk.mjs', 'init', '--db', db, '--demo', '300', '--json']);
    expect(init.code, init.log).toBe(0);
    const counts = (JSON.parse(init.stdout) as { evaluation: { counts: Record<string, number> } }).evaluation.counts;

    const s = await serve(db);
    try {
      const page = await fetch(new URL('/', s.url));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<div id="root"></div>');
      const r = await fetch(new URL('/api/tiers:distribution', s.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const dist = (await r.json()) as { ok: boolean; value: { total: number; tiers: { tier: string; count: number }[] } };
      expect(dist.ok).toBe(true);
      expect(dist.value.total).toBe(300);
      expect(Object.fromEntries(dist.value.tiers.map((t) => [t.tier, t.count]))).toEqual(counts);
      const missing = await fetch(new URL('/nothing.js', s.url), { headers: { 'accept-language': 'en' } });
      expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('serve builds the console on first use when it is missing, saying so', async () => {
    fs.rmSync(path.join(repo, 'out', 'renderer'), { recursive: true, force: true });
    const db = path.join(work, 'first-use.db');
    expect(run(process.execPath, ['bin/tierdesk.mjs', 'init', '--db', db]).code).toBe(0);
    const s = await serve(db);
    try {
      expect(s.stderr()).toMatch(/tierdesk: building the console .*first use/);
      expect((await fetch(new URL('/', s.url))).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
