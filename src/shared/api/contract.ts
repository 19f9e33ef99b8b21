import { z } from 'zod';
import type { AppInfo, EvaluationSummary, GmvShare, ReviewCount, Settings, TierDistribution, TrendPoint } from './types';

/**
 * The one API contract of Tierdesk. Every channel is listed once, `domain:verb`; from this object
 * derive the dispatcher's handler table (src/server), the Electron IPC registration (src/main), the
 * preload's `window.tierdesk` functions (src/preload), the browser-mode routes (POST /api/<channel>)
 * and the renderer client (./client). Adding a channel = one entry here + one handler.
 *
 * Inputs are zod schemas with unknown keys refused. Outputs are types only (the server produces
 * them; nothing outside the process boundary can forge them).
 *
 * Long-running channels (`progress: true`) report Progress events while they run:
 * - Electron: the preload function takes an `onProgress` callback; main sends events with
 *   `webContents.send(PROGRESS_EVENT, {jobId, channel, progress})` and the preload routes them by jobId.
 * - HTTP: the response to POST /api/<channel> is NDJSON (application/x-ndjson): zero or more lines
 *   `{"progress": {...}}`, then one line `{"result": Result}`. Other channels answer plain JSON Result.
 */

export type ChannelKind = 'read' | 'write';

interface Def<I extends z.ZodType, O, K extends ChannelKind, P extends boolean> {
  kind: K;
  input: I;
  progress: P;
  summary: string;
  /** Phantom: carries the output type; never read at run time. */
  readonly output?: O;
}

/** Declares a channel: `channel<Output>()({kind, input, summary, progress?})`. */
function channel<O>() {
  return <I extends z.ZodType, K extends ChannelKind, P extends boolean = false>(d: {
    kind: K;
    input: I;
    summary: string;
    progress?: P;
  }): Def<I, O, K, P> => ({ kind: d.kind, input: d.input, summary: d.summary, progress: (d.progress ?? false) as P });
}

const noInput = z.object({}).strict();
const date = z.iso.date({ message: 'must be a real date written YYYY-MM-DD' });

export const CONTRACT = {
  'app:info': channel<AppInfo>()({
    kind: 'read',
    input: noInput,
    summary: 'database path, demo flag, mode, platform zone, today, schema version, last evaluation',
  }),
  'tiers:distribution': channel<TierDistribution>()({
    kind: 'read',
    input: noInput,
    summary: 'assigned customers per tier with their share',
  }),
  'tiers:gmvShare': channel<GmvShare>()({
    kind: 'read',
    input: noInput,
    summary: 'paid GMV of the 12 months up to the last evaluation per assigned tier: customer share vs GMV share',
  }),
  'runs:trend': channel<TrendPoint[]>()({
    kind: 'read',
    input: z
      .object({ limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
    summary: 'the latest evaluation run of each as-of date (oldest first, at most `limit`, default 365): assigned counts per tier',
  }),
  'reviews:count': channel<ReviewCount>()({
    kind: 'read',
    input: noInput,
    summary: 'number of open reviews',
  }),
  'evaluation:run': channel<EvaluationSummary>()({
    kind: 'write',
    input: z.object({ asOf: date.optional() }).strict(),
    progress: true,
    summary: 'evaluates every customer as of a date (default today), off the main thread',
  }),
  'settings:get': channel<Settings>()({
    kind: 'read',
    input: noInput,
    summary: 'UI language and operator name',
  }),
  'settings:set': channel<Settings>()({
    kind: 'write',
    input: z
      .object({
        language: z.enum(['zh-CN', 'en']).optional(),
        operatorName: z.string().trim().min(1, { message: 'must not be empty' }).max(100).optional(),
      })
      .strict()
      .refine((v) => v.language !== undefined || v.operatorName !== undefined, { message: 'give language or operatorName' }),
    summary: 'changes the UI language and/or the operator name; returns the new settings',
  }),
};

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(CONTRACT) as Channel[];

/** What a caller sends (before defaults and transforms). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Exclude<Contract[C]['output'], undefined>;

export interface ApiError {
  /** Stable code: a DomainError code, BAD_INPUT, UNKNOWN_CHANNEL, FORBIDDEN, UNAUTHORIZED, NETWORK, INTERNAL. */
  code: string;
  /** English, names the thing and the reason. */
  message: string;
}
export type Result<C extends Channel> = { ok: true; value: Output<C> } | { ok: false; error: ApiError };
export type AnyResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

export type ProgressChannel = { [C in Channel]: Contract[C]['progress'] extends true ? C : never }[Channel];
export type ReadChannel = { [C in Channel]: Contract[C]['kind'] extends 'read' ? C : never }[Channel];
export type WriteChannel = Exclude<Channel, ReadChannel>;

export const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(CONTRACT, name);
export const isProgressChannel = (c: Channel): c is ProgressChannel => CONTRACT[c].progress === true;

/** Electron event name on which main sends progress of long-running calls. */
export const PROGRESS_EVENT = 'tierdesk:progress';
export interface ProgressEvent {
  jobId: string;
  channel: ProgressChannel;
  progress: import('./types').Progress;
}
/** A job id chosen by the caller of a progress channel: routes its events back to it. */
export const JOB_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Browser mode: the API lives under this path; the token travels in this header as `Bearer <token>`. */
export const HTTP_API_PREFIX = '/api/';
export const HTTP_TOKEN_HEADER = 'authorization';
