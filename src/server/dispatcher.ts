import { API_CHANNELS, isChannel, type AnyResult, type Channel } from '@shared/api/apiChannels';
import type { JobProgress } from '@shared/api/types';
import type { HandlerContext, ServerEnv } from './context';
import { toApiError, unknownChannel } from './errors';
import { operatorName } from './handlers/settings';
import type { Handler, Handlers } from './handlers/types';

export type { Handler, Handlers };

export interface DispatchOptions {
  onProgress?: (p: JobProgress) => void;
}
export type Dispatch = (channel: string, input: unknown, opts?: DispatchOptions) => Promise<AnyResult>;

/**
 * The single entry of every call, shared by Electron IPC and browser-mode HTTP: checks the channel,
 * parses the input with the channel's schema, runs the handler, and never throws. `handlers` is the
 * table to serve (the host passes handlers/index's HANDLERS).
 */
export function createDispatcher(env: ServerEnv, handlers: Handlers, log: (e: unknown) => void = defaultLog): Dispatch {
  return async (channel, input, opts = {}) => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return { ok: false, error: unknownChannel(channel) };
    }
    try {
      const parsed = API_CHANNELS[channel].input.parse(input ?? {});
      const ctx: HandlerContext = {
        ...env,
        actor: operatorName(env.db) ?? env.defaultActor,
        progress: opts.onProgress ?? (() => {}),
      };
      const handler = handlers[channel] as Handler<Channel>;
      const value = await handler(parsed as never, ctx);
      return { ok: true, value };
    } catch (e) {
      const error = toApiError(e, channel);
      if (error.code === 'INTERNAL') log(e);
      return { ok: false, error };
    }
  };
}

function defaultLog(e: unknown): void {
  process.stderr.write(`tierdesk: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
}
