import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { HTTP_API_PREFIX, isChannel, isProgressChannel, type AnyResult } from '@shared/api/apiChannels';
import { contentSecurityPolicy, injectNonce } from '@shared/api/security';
import type { Dispatch } from './dispatcher';

export interface HttpOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer); when it has no index.html only the API is served. */
  rendererDir: string;
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  /** Loopback by default. Anything else needs allowRemote and a token chosen by the user. */
  host?: string;
  allowRemote?: boolean;
  /** Default: 32 random bytes, new at every launch. */
  token?: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** URL to open, with the token in the fragment (never sent to the server, never logged). */
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];
export const DEFAULT_MAX_BODY = 1024 * 1024;
export const MIN_USER_TOKEN_LENGTH = 32;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** Checks the options; throws an Error naming the problem (the CLI turns it into a usage error). */
export function checkBinding(opts: Pick<HttpOptions, 'host' | 'allowRemote' | 'token'>): void {
  const host = opts.host ?? '127.0.0.1';
  if (LOOPBACK_HOSTS.includes(host)) return;
  if (!opts.allowRemote)
    throw new Error(
      `--host ${host}: browser mode serves this workstation only (127.0.0.1 or ::1); to expose customer data on the network give --allow-remote and --token`,
    );
  if (!opts.token || opts.token.length < MIN_USER_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(opts.token)) {
    throw new Error(`--allow-remote needs --token with at least ${MIN_USER_TOKEN_LENGTH} printable characters (no spaces)`);
  }
}

function tokenMatches(expected: Buffer, header: string | undefined): boolean {
  const m = /^Bearer ([\x21-\x7e]+)$/.exec(header ?? '');
  // Hash both sides so the comparison is constant-time whatever the length of what was sent.
  const given = crypto
    .createHash('sha256')
    .update(m?.[1] ?? '')
    .digest();
  return crypto.timingSafeEqual(given, expected) && m !== null;
}

function hostKey(host: string, port: number): string[] {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === 80 ? [`${h}:${port}`, h] : [`${h}:${port}`];
}

/**
 * Browser mode: the built renderer and POST /api/<channel> on one origin. Every API call carries
 * the launch token; Host and Origin must name this server (DNS rebinding, cross-site requests);
 * bodies are capped; every response carries the security headers; no CORS for anyone.
 */
export async function startHttpServer(opts: HttpOptions): Promise<RunningServer> {
  checkBinding(opts);
  const bindHost = opts.host ?? '127.0.0.1';
  const token = opts.token ?? crypto.randomBytes(32).toString('hex');
  const expected = crypto.createHash('sha256').update(token).digest();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const log = opts.log ?? (() => {});
  const rendererDir = path.resolve(opts.rendererDir);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    baseHeaders(res);
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return send(res, 421, {
        ok: false,
        error: { code: 'BAD_HOST', message: `Host "${(req.headers.host ?? '').slice(0, 100)}" is not this server` },
      });
    }
    const origin = req.headers.origin;
    if ((origin !== undefined && !allowedOrigins.has(origin)) || req.headers['sec-fetch-site'] === 'cross-site') {
      return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'requests from other sites are refused' } });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith(HTTP_API_PREFIX)) return api(req, res, decodeURIComponent(url.pathname.slice(HTTP_API_PREFIX.length)));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { ok: false, error: { code: 'METHOD', message: `${req.method} is not allowed here` } }, { allow: 'GET, HEAD' });
    return serveStatic(req, res, url.pathname);
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    if (req.method !== 'POST')
      return send(res, 405, { ok: false, error: { code: 'METHOD', message: 'the API takes POST' } }, { allow: 'POST' });
    if (!tokenMatches(expected, req.headers.authorization)) {
      req.resume();
      return send(res, 401, {
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'missing or wrong token: open the URL that "tierdesk serve" printed' },
      });
    }
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      req.resume();
      return send(res, 415, { ok: false, error: { code: 'BAD_INPUT', message: 'the API takes application/json' } });
    }
    const body = await readBody(req, maxBody);
    if (body === null) {
      return send(
        res,
        413,
        { ok: false, error: { code: 'TOO_LARGE', message: `request body over ${maxBody} bytes` } },
        { connection: 'close' },
      );
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: `${channel}: the body is not JSON` } });
    }
    if (!isChannel(channel)) return send(res, 404, await opts.dispatch(channel, input));
    if (!isProgressChannel(channel)) return send(res, 200, await opts.dispatch(channel, input));
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
    const result = await opts.dispatch(channel, input, { onProgress: (progress) => res.write(JSON.stringify({ progress }) + '\n') });
    res.end(JSON.stringify({ result }) + '\n');
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, { ok: false, error: { code: 'BAD_PATH', message: 'malformed path' } });
    }
    const file = path.resolve(rendererDir, '.' + path.posix.normalize('/' + rel));
    const inside = file === rendererDir || file.startsWith(rendererDir + path.sep);
    const isFile = inside && !rel.includes('\0') && fs.existsSync(file) && fs.statSync(file).isFile();
    // Client-side routes (no file extension) get the page; a missing asset is a 404.
    const target = isFile ? file : path.extname(rel) === '' ? path.join(rendererDir, 'index.html') : null;
    if (!target || !fs.existsSync(target)) {
      const msg = target ? 'the console is not built: run "npm run build"' : 'not found';
      return send(res, target ? 503 : 404, { ok: false, error: { code: 'NOT_FOUND', message: msg } });
    }
    if (path.basename(target) === 'index.html') {
      const nonce = crypto.randomBytes(16).toString('base64');
      res.setHeader('content-security-policy', contentSecurityPolicy(nonce));
      res.setHeader('cache-control', 'no-store');
      const html = injectNonce(fs.readFileSync(target, 'utf8'), nonce);
      res.writeHead(200, { 'content-type': MIME['.html']! });
      return void res.end(req.method === 'HEAD' ? undefined : html);
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(target).toLowerCase()] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(target).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const names = LOOPBACK_HOSTS.includes(bindHost) ? LOOPBACK_HOSTS : [bindHost];
  allowedHosts = new Set(names.flatMap((h) => hostKey(h, port)));
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  const shown = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const origin = `http://${shown}:${port}`;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function baseHeaders(res: http.ServerResponse): void {
  // The API and assets get the same strict policy as the page; the page's own adds a style nonce.
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()');
}

function send(res: http.ServerResponse, status: number, body: AnyResult, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify(body));
}

/** The request body, or null when it is larger than `limit` (the rest is discarded unread). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
