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
      if (!res.headersSent) refuse(req, res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    baseHeaders(res);
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return refuse(req, res, 421, 'BAD_HOST', `Host "${(req.headers.host ?? '').slice(0, 100)}" is not this server`);
    }
    const origin = req.headers.origin;
    if ((origin !== undefined && !allowedOrigins.has(origin)) || req.headers['sec-fetch-site'] === 'cross-site') {
      return refuse(req, res, 403, 'FORBIDDEN', 'requests from other sites are refused');
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith(HTTP_API_PREFIX)) return api(req, res, decodeURIComponent(url.pathname.slice(HTTP_API_PREFIX.length)));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(req, res, 405, 'METHOD', `${req.method} is not allowed here`, { allow: 'GET, HEAD' });
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
      return refuse(req, res, 400, 'BAD_PATH', 'malformed path');
    }
    const file = path.resolve(rendererDir, '.' + path.posix.normalize('/' + rel));
    const inside = file === rendererDir || file.startsWith(rendererDir + path.sep);
    const isFile = inside && !rel.includes('\0') && fs.existsSync(file) && fs.statSync(file).isFile();
    // Client-side routes (no file extension) get the page; a missing asset is a 404.
    const target = isFile ? file : path.extname(rel) === '' ? path.join(rendererDir, 'index.html') : null;
    if (!target) return refuse(req, res, 404, 'NOT_FOUND', 'not found');
    if (!fs.existsSync(target)) return refuse(req, res, 503, 'NOT_BUILT', 'the console is not built: run "npm run build"');
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

/**
 * A refused request: JSON `{ok:false,error}` for the API (the client reads it), a small HTML page for
 * anything else (a person in a browser reads it), in their language.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: PageError, message: string, extra = {}): void {
  if ((req.url ?? '/').startsWith(HTTP_API_PREFIX)) return send(res, status, { ok: false, error: { code, message } }, extra);
  const lang = pageLanguage(req.headers['accept-language']);
  const [title, text] = PAGE_ERRORS[code][lang];
  const html =
    `<!doctype html>\n<html lang="${lang}">\n<head><meta charset="utf-8"><title>${status} · ${title} · Tierdesk</title></head>\n` +
    `<body>\n<h1>${title}</h1>\n<p>${text}</p>\n<p><small>HTTP ${status} · ${code}</small></p>\n</body>\n</html>\n`;
  res.writeHead(status, { 'content-type': MIME['.html']!, 'cache-control': 'no-store', ...extra });
  res.end(req.method === 'HEAD' ? undefined : html);
}

type PageError = 'BAD_HOST' | 'FORBIDDEN' | 'METHOD' | 'BAD_PATH' | 'NOT_FOUND' | 'NOT_BUILT' | 'INTERNAL';
type Lang = 'zh-CN' | 'en';

/** Title and sentence of each error page (static text: nothing from the request is echoed). */
const PAGE_ERRORS: Record<PageError, Record<Lang, [string, string]>> = {
  BAD_HOST: {
    'zh-CN': ['地址不对', '请使用 tierdesk serve 打印的地址（127.0.0.1）打开控制台。'],
    en: ['Wrong address', 'Open the console with the address that tierdesk serve printed (127.0.0.1).'],
  },
  FORBIDDEN: {
    'zh-CN': ['请求被拒绝', '来自其他网站的请求不被接受。'],
    en: ['Request refused', 'Requests from other sites are refused.'],
  },
  METHOD: {
    'zh-CN': ['不支持的请求方式', '页面只能用 GET 打开。'],
    en: ['Method not allowed', 'Pages are opened with GET only.'],
  },
  BAD_PATH: {
    'zh-CN': ['地址格式错误', '这个地址无法解析。'],
    en: ['Malformed address', 'This address cannot be read.'],
  },
  NOT_FOUND: {
    'zh-CN': ['找不到页面', '这个地址没有内容。请返回控制台首页。'],
    en: ['Not found', 'There is nothing at this address. Go back to the console’s start page.'],
  },
  NOT_BUILT: {
    'zh-CN': ['控制台尚未构建', '请在项目目录运行 npm run build，然后重新启动 tierdesk serve。'],
    en: ['The console is not built', 'Run npm run build in the project folder, then start tierdesk serve again.'],
  },
  INTERNAL: {
    'zh-CN': ['内部错误', '服务器出错了，详情见运行 tierdesk serve 的终端。'],
    en: ['Internal error', 'Something went wrong in the server; the terminal running tierdesk serve has the details.'],
  },
};

/** zh-CN unless the Accept-Language header ranks an English tag above every Chinese one. */
export function pageLanguage(header: string | undefined): Lang {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.q > 0 && (l.tag === 'en' || l.tag.startsWith('en-') || l.tag === 'zh' || l.tag.startsWith('zh-')))
    .sort((x, y) => y.q - x.q || x.i - y.i);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh-CN';
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
