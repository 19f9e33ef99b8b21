import {
  CHANNELS,
  HTTP_API_PREFIX,
  isProgressChannel,
  type AnyResult,
  type ApiError,
  type Channel,
  type Input,
  type Output,
  type ProgressChannel,
  type Result,
} from './apiChannels';
import { fnName, type FnName } from './names';
import type { JobProgress } from './types';

export type OnProgress = (p: JobProgress) => void;

/** True when every input field is optional, so the input argument may be left out. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` here is the empty input, the one test that also matches zod's `{}` for a strict empty object
type OptionalInput<C extends Channel> = {} extends Input<C> ? true : false;

type ChannelFn<C extends Channel> = C extends ProgressChannel
  ? OptionalInput<C> extends true
    ? (input?: Input<C>, onProgress?: OnProgress) => Promise<Result<C>>
    : (input: Input<C>, onProgress?: OnProgress) => Promise<Result<C>>
  : OptionalInput<C> extends true
    ? (input?: Input<C>) => Promise<Result<C>>
    : (input: Input<C>) => Promise<Result<C>>;

/** `window.tierdesk` in Electron, and the named half of the renderer client: one function per channel. */
export type TierdeskApi = { [C in Channel as FnName<C>]: ChannelFn<C> };

/** How calls reach the server: the preload object (Electron) or HTTP with the token (browser mode). */
export interface Transport {
  call(channel: Channel, input: unknown, onProgress?: OnProgress): Promise<AnyResult>;
}

export type Client = TierdeskApi & {
  /** The same call by channel name. */
  call<C extends Channel>(channel: C, input: Input<C>, onProgress?: OnProgress): Promise<Result<C>>;
};

/** The renderer's API client over a transport. Never throws: failures are `{ok: false, error}`. */
export function createClient(transport: Transport): Client {
  const call = async (channel: Channel, input: unknown, onProgress?: OnProgress): Promise<AnyResult> => {
    try {
      return await transport.call(channel, input ?? {}, onProgress);
    } catch (e) {
      return { ok: false, error: { code: 'NETWORK', message: `${channel}: ${(e as Error)?.message ?? String(e)}` } };
    }
  };
  const client: Record<string, unknown> = { call };
  for (const c of CHANNELS) {
    client[fnName(c)] = (input?: unknown, onProgress?: OnProgress) => call(c, input, isProgressChannel(c) ? onProgress : undefined);
  }
  return client as Client;
}

/** Thrown by `unwrap` so UI code can use try/catch where it prefers. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export function unwrap<C extends Channel>(result: Result<C>): Output<C> {
  if (result.ok) return result.value;
  throw new ApiCallError(result.error.code, result.error.message);
}

/** Electron: calls go through the preload's named functions (`window.tierdesk`). */
export function preloadTransport(api: TierdeskApi): Transport {
  return {
    call(channel, input, onProgress) {
      const fn = (api as unknown as Record<string, (i: unknown, p?: OnProgress) => Promise<AnyResult>>)[fnName(channel)];
      if (typeof fn !== 'function')
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `${channel}: not exposed by the preload` } });
      return isProgressChannel(channel) && onProgress ? fn(input, onProgress) : fn(input);
    },
  };
}

interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } } | null;
}
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<FetchResponse>;

function errorOf(status: number, text: string): ApiError {
  try {
    const parsed = JSON.parse(text) as AnyResult;
    if (parsed && parsed.ok === false && parsed.error) return parsed.error;
  } catch {
    // not JSON: fall through to the status line
  }
  const code = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 413 ? 'TOO_LARGE' : `HTTP_${status}`;
  return { code, message: `the Tierdesk server answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}` };
}

/**
 * Browser mode: POST /api/<channel> with `Authorization: Bearer <token>`. Progress channels answer
 * NDJSON (`{"progress"}` lines, then `{"result"}`), read as a stream so progress arrives while it runs.
 */
export function httpTransport(opts: { token: string; baseUrl?: string; fetch?: FetchLike }): Transport {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => (globalThis as unknown as { fetch: FetchLike }).fetch(url, init));
  const base = opts.baseUrl ?? '';
  return {
    async call(channel, input, onProgress) {
      const res = await doFetch(`${base}${HTTP_API_PREFIX}${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
        body: JSON.stringify(input ?? {}),
      });
      if (res.status !== 200) return { ok: false, error: errorOf(res.status, await res.text()) };
      if (!(res.headers.get('content-type') ?? '').startsWith('application/x-ndjson') || !res.body) {
        return JSON.parse(await res.text()) as AnyResult;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let result: AnyResult | undefined;
      const take = (line: string) => {
        if (!line.trim()) return;
        const msg = JSON.parse(line) as { progress?: JobProgress; result?: AnyResult };
        if (msg.progress && onProgress) onProgress(msg.progress);
        if (msg.result) result = msg.result;
      };
      for (;;) {
        const { done, value } = await reader.read();
        if (value) buffer += decoder.decode(value, { stream: !done });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          take(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
        if (done) break;
      }
      take(buffer);
      return result ?? { ok: false, error: { code: 'NETWORK', message: `${channel}: the server closed the connection before the result` } };
    },
  };
}

/**
 * Browser mode token: the server opens the page as `…/#token=<hex>`. Returns the token from the
 * fragment (and keeps it in sessionStorage so a reload still works), else the stored one, else null.
 * The caller should then remove the fragment from the address bar (history.replaceState).
 */
export function readToken(
  hash: string,
  storage: { getItem(k: string): string | null; setItem(k: string, v: string): void },
): string | null {
  const m = /(?:^#|&)token=([0-9a-f]{32,128})(?:&|$)/.exec(hash);
  if (m) {
    storage.setItem(TOKEN_STORAGE_KEY, m[1]!);
    return m[1]!;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}
export const TOKEN_STORAGE_KEY = 'tierdesk.token';
