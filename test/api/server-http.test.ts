import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { createDispatcher } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { checkBinding, startHttpServer, type RunningServer } from '../../src/server/http';
import { createClient, httpTransport, type FetchLike } from '@shared/api/client';
import { CSP_NONCE_META } from '@shared/api/security';
import type { ServerEnv } from '../../src/server/context';
import type { JobProgress } from '@shared/api/types';
import { bundleWorker, envFor, knownDb, NOW, ROOT, tempDir } from '../helpers/serverFixtures';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}
/** A request with full control over Host, Origin and body framing (fetch hides those). */
function raw(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    // An empty Host means none at all (node would otherwise add its own).
    const setHost = headers.host !== '';
    if (!setHost) delete headers.host;
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/api/tiers:distribution', headers, setHost },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

const renderer = tempDir();
fs.writeFileSync(
  path.join(renderer, 'index.html'),
  '<!doctype html><html><head><title>t</title><script type="module" src="./assets/app.js"></script></head><body></body></html>',
);
fs.mkdirSync(path.join(renderer, 'assets'));
fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'secret');

let worker: string;
const envs: ServerEnv[] = [];
let a: RunningServer;
let b: RunningServer;
const auth = (s: RunningServer) => ({
  authorization: `Bearer ${s.token}`,
  'content-type': 'application/json',
  host: `127.0.0.1:${s.port}`,
});

beforeAll(async () => {
  worker = await bundleWorker();
  const file = path.join(tempDir(), 'known.db');
  const env = envFor(knownDb(file), file, worker);
  envs.push(env);
  a = await startHttpServer({ dispatch: createDispatcher(env, HANDLERS), rendererDir: renderer, maxBodyBytes: 4096 });
  b = await startHttpServer({ dispatch: createDispatcher(env, HANDLERS), rendererDir: renderer });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  for (const e of envs) {
    await e.jobs.close();
    e.db.close();
  }
  fs.rmSync(worker, { force: true });
});

describe('browser mode: token', () => {
  it('is 32 random bytes per launch and travels in the URL fragment', () => {
    expect(a.token).toMatch(/^[0-9a-f]{64}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}/#token=${a.token}`);
  });

  it('with the right token the API answers', async () => {
    const r = await raw(a.port, { headers: auth(a), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { total: 10 } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['no token', {}],
    ['wrong token', { authorization: `Bearer ${'0'.repeat(64)}` }],
    ['a token of another server instance', { authorization: 'B' }],
    ['the token without Bearer', { authorization: 'A' }],
    ['the token with a suffix', { authorization: 'A+' }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
  ])('401 with %s', async (_name, h: Record<string, string>) => {
    const value =
      h.authorization === 'B'
        ? `Bearer ${b.token}`
        : h.authorization === 'A'
          ? a.token
          : h.authorization === 'A+'
            ? `Bearer ${a.token}x`
            : h.authorization;
    const headers: Record<string, string> = { 'content-type': 'application/json', host: `127.0.0.1:${a.port}` };
    if (value !== undefined) headers.authorization = value;
    const r = await raw(a.port, { headers, body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});

describe('browser mode: Host, Origin, method, body', () => {
  it.each(['evil.example', `evil.example:${0}`, '127.0.0.1', '127.0.0.1:1', 'localhost.evil:80'])(
    '421 for Host "%s" (DNS rebinding)',
    async (host) => {
      const r = await raw(a.port, { headers: { ...auth(a), host: host.replace(':0', `:${a.port}`) }, body: '{}' });
      expect(r.status).toBe(421);
      // Even a page request with a foreign Host gets nothing.
      const page = await raw(a.port, { method: 'GET', path: '/', headers: { host: 'evil.example' } });
      expect(page.status).toBe(421);
    },
  );

  it('400 without a Host header (node refuses HTTP/1.1 without one)', async () => {
    expect((await raw(a.port, { headers: { ...auth(a), host: '' }, body: '{}' })).status).toBe(400);
  });

  it('accepts the loopback names of this port', async () => {
    for (const host of [`127.0.0.1:${a.port}`, `localhost:${a.port}`, `[::1]:${a.port}`]) {
      expect((await raw(a.port, { headers: { ...auth(a), host }, body: '{}' })).status).toBe(200);
    }
  });

  it('403 for another Origin or a cross-site fetch; same origin passes', async () => {
    for (const origin of ['https://evil.example', `http://127.0.0.1:${b.port}`, 'null']) {
      const r = await raw(a.port, { headers: { ...auth(a), origin }, body: '{}' });
      expect(r.status, origin).toBe(403);
    }
    expect((await raw(a.port, { headers: { ...auth(a), 'sec-fetch-site': 'cross-site' }, body: '{}' })).status).toBe(403);
    expect((await raw(a.port, { headers: { ...auth(a), origin: `http://127.0.0.1:${a.port}` }, body: '{}' })).status).toBe(200);
  });

  it('405 for other methods, 415 without JSON, 400 for broken JSON, 404 for an unknown channel', async () => {
    expect((await raw(a.port, { method: 'GET', headers: auth(a) })).status).toBe(405);
    expect((await raw(a.port, { method: 'OPTIONS', headers: auth(a) })).status).toBe(405);
    expect((await raw(a.port, { headers: { ...auth(a), 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const broken = await raw(a.port, { headers: auth(a), body: '{"a":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const unknown = await raw(a.port, { path: '/api/customers:drop', headers: auth(a), body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const bad = await raw(a.port, { path: '/api/runs:trend', headers: auth(a), body: '{"limit":-1}' });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('413 for an oversized body, declared or streamed', async () => {
    const big = Buffer.alloc(5000, 0x20);
    const declared = await raw(a.port, { headers: auth(a), body: big });
    expect(declared.status).toBe(413);
    const chunked = await raw(a.port, {
      headers: { ...auth(a), 'transfer-encoding': 'chunked' },
      chunks: [big.subarray(0, 3000), big.subarray(3000)],
    });
    expect(chunked.status).toBe(413);
    expect((await raw(a.port, { headers: auth(a), body: '{}' + ' '.repeat(4000) })).status).toBe(200);
  });
});

describe('browser mode: page and headers', () => {
  it('serves index.html with a per-response CSP nonce and the security headers', async () => {
    const r1 = await raw(a.port, { method: 'GET', path: '/', headers: { host: `127.0.0.1:${a.port}` } });
    const r2 = await raw(a.port, { method: 'GET', path: '/', headers: { host: `127.0.0.1:${a.port}` } });
    expect(r1.status).toBe(200);
    const csp = String(r1.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(r1.body).toContain(`<meta name="${CSP_NONCE_META}" content="${nonce}">`);
    expect(r2.headers['content-security-policy']).not.toBe(csp);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r1.headers['x-content-type-options']).toBe('nosniff');
    expect(r1.headers['referrer-policy']).toBe('no-referrer');
    expect(r1.headers['x-frame-options']).toBe('DENY');
    const api = await raw(a.port, { headers: auth(a), body: '{}' });
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets, routes to the page, and nothing outside the renderer folder', async () => {
    const host = { host: `127.0.0.1:${a.port}` };
    const js = await raw(a.port, { method: 'GET', path: '/assets/app.js', headers: host });
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)']);
    expect((await raw(a.port, { method: 'GET', path: '/customers', headers: host })).body).toContain('<title>t</title>');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/missing.js', '/%00.js']) {
      const r = await raw(a.port, { method: 'GET', path: p, headers: host });
      expect(r.status, p).toBe(404);
    }
    expect((await raw(a.port, { method: 'DELETE', path: '/', headers: host })).status).toBe(405);
  });
});

describe("browser mode: errors for a page request are an HTML page in the reader's language", () => {
  const page = async (s: RunningServer, p: string, headers: Record<string, string> = {}, method = 'GET') =>
    raw(s.port, { method, path: p, headers: { host: `127.0.0.1:${s.port}`, ...headers } });
  const expectHtml = (r: Raw, status: number, lang: string, text: RegExp) => {
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toMatch(/^<!doctype html>/);
    expect(r.body).toContain(`<html lang="${lang}">`);
    expect(r.body).toMatch(text);
    expect(() => JSON.parse(r.body)).toThrow();
  };

  it('the console not built: 503, in Chinese by default and in English when the browser prefers it', async () => {
    const s = await startHttpServer({ dispatch: async () => ({ ok: true, value: null }), rendererDir: tempDir() });
    try {
      expectHtml(await page(s, '/'), 503, 'zh-CN', /控制台尚未构建[\s\S]*npm run build/);
      expectHtml(await page(s, '/customers', { 'accept-language': 'en-US,en;q=0.9,zh-CN;q=0.8' }), 503, 'en', /The console is not built/);
      expectHtml(await page(s, '/', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }), 503, 'zh-CN', /控制台尚未构建/);
      expectHtml(await page(s, '/', { 'accept-language': 'fr, en;q=0.5, zh;q=0.3' }), 503, 'en', /not built/);
      expectHtml(await page(s, '/', { 'accept-language': 'fr' }), 503, 'zh-CN', /控制台尚未构建/);
    } finally {
      await s.close();
    }
  });

  it('404, 405, 400 and a foreign Host for pages; the API keeps its JSON errors', async () => {
    expectHtml(await page(a, '/assets/missing.js'), 404, 'zh-CN', /找不到页面/);
    expectHtml(await page(a, '/assets/missing.js', { 'accept-language': 'en' }), 404, 'en', /Not found/);
    const del = await page(a, '/', {}, 'DELETE');
    expectHtml(del, 405, 'zh-CN', /GET/);
    expect(del.headers.allow).toBe('GET, HEAD');
    expectHtml(await page(a, '/%E0%A4%A', { 'accept-language': 'en' }), 400, 'en', /Malformed address/);
    expectHtml(await page(a, '/', { host: 'evil.example', 'accept-language': 'en' }), 421, 'en', /Wrong address/);
    const api = await raw(a.port, { path: '/api/nope', headers: auth(a), body: '{}' });
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toBe('application/json; charset=utf-8');
    const foreign = await raw(a.port, { headers: { ...auth(a), host: 'evil.example' }, body: '{}' });
    expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, error: { code: 'BAD_HOST' } });
  });
});

describe('browser mode: binding', () => {
  it('refuses a non-loopback host unless --allow-remote with a user token', async () => {
    expect(() => checkBinding({ host: '0.0.0.0' })).toThrow(/--allow-remote/);
    expect(() => checkBinding({ host: '192.168.1.5', allowRemote: true })).toThrow(/--token/);
    expect(() => checkBinding({ host: '192.168.1.5', allowRemote: true, token: 'short' })).toThrow(/32/);
    expect(() => checkBinding({ host: '0.0.0.0', allowRemote: true, token: 'x'.repeat(40) })).not.toThrow();
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(() => checkBinding({ host })).not.toThrow();
    await expect(
      startHttpServer({ dispatch: async () => ({ ok: true, value: null }), rendererDir: renderer, host: '0.0.0.0' }),
    ).rejects.toThrow(/allow-remote/);
  });
});

describe('browser mode: the renderer client over HTTP', () => {
  it('streams evaluation progress as NDJSON and returns the result', async () => {
    const file = path.join(tempDir(), 'demo.db');
    const db = openDb(file, { create: true, now: () => NOW });
    generateDemo(db, { customers: 200, seed: 3, today: '2026-11-23' });
    const env = envFor(db, file, worker);
    envs.push(env);
    const s = await startHttpServer({ dispatch: createDispatcher(env, HANDLERS), rendererDir: renderer });
    try {
      const client = createClient(httpTransport({ token: s.token, baseUrl: s.origin, fetch: fetch as unknown as FetchLike }));
      const seen: JobProgress[] = [];
      const r = await client.evaluationRun({}, (p) => seen.push(p));
      expect(r).toMatchObject({ ok: true, value: { asOf: '2026-11-23', policyVersion: 1 } });
      expect(seen.map((p) => p.phase)).toContain('done');
      const dist = await client.tiersDistribution();
      expect(dist.ok && dist.value.total).toBe(200);
      const wrong = createClient(httpTransport({ token: a.token, baseUrl: s.origin, fetch: fetch as unknown as FetchLike }));
      expect(await wrong.appInfo()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    } finally {
      await s.close();
    }
  });
});

describe('tierdesk serve (spawned)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'out/node/cli.mjs')) || !fs.existsSync(path.join(ROOT, 'out/node/worker.mjs'))) {
      spawnSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT, stdio: 'inherit' });
    }
  });

  it('refuses a missing database', () => {
    const r = spawnSync(process.execPath, ['bin/tierdesk.mjs', 'serve', '--db', path.join(tempDir(), 'missing.db')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing\.db: no such database/);
    const remote = spawnSync(process.execPath, ['bin/tierdesk.mjs', 'serve', '--db', 'x.db', '--host', '0.0.0.0'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(remote.status).toBe(2);
  });

  it('prints the URL with the token and serves until killed', async () => {
    const file = path.join(tempDir(), 'served.db');
    knownDb(file).close();
    const child = spawn(process.execPath, ['bin/tierdesk.mjs', 'serve', '--db', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const u = new URL(url);
    const token = u.hash.slice('#token='.length);
    const res = await fetch(`${u.origin}/api/reviews:count`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await res.json()).toEqual({ ok: true, value: { open: 2 } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
  it('serves the recovery channels on a damaged database and leaves the file as it is', async () => {
    const file = path.join(tempDir(), 'damaged.db');
    knownDb(file).close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('this is not an SQLite header!!!!'), 0, 32, 0);
    fs.closeSync(fd);
    const before = fs.readFileSync(file);
    const child = spawn(process.execPath, ['bin/tierdesk.mjs', 'serve', '--db', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    expect(err).toMatch(/damaged\.db: .*(not a Tierdesk database|damaged)/);
    const u = new URL(url);
    const call = async (channel: string) =>
      (
        await fetch(`${u.origin}/api/${channel}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${u.hash.slice(7)}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).json();
    expect(await call('reviews:count')).toMatchObject({ ok: false, error: { code: 'DB_UNAVAILABLE' } });
    expect(await call('db:status')).toMatchObject({ ok: true, value: { ok: false, problem: { code: 'DB_CORRUPT' } } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
