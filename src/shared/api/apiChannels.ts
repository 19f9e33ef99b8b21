import type { z } from 'zod';

/**
 * The API channels of Tierdesk: the contract between the processes (named API_CHANNELS so it is not
 * mistaken for the Supreme partner contracts of channels/contracts.ts). Every channel is listed
 * once, `domain:verb`; from this object
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

import { APP_CHANNELS } from './channels/app';
import { TIER_CHANNELS } from './channels/tiers';
import { RUN_CHANNELS } from './channels/runs';
import { EVALUATION_CHANNELS } from './channels/evaluation';
import { SETTINGS_CHANNELS } from './channels/settings';
import { REVIEW_CHANNELS } from './channels/reviews';
import { CUSTOMER_CHANNELS } from './channels/customers';
import { POLICY_CHANNELS } from './channels/policy';
import { CONTRACT_CHANNELS } from './channels/contracts';
import { DATA_CHANNELS } from './channels/data';

export type { ChannelKind } from './define';

/**
 * Every channel once. Each channel file channels/<name>.ts declares the channels of one domain (a
 * file may hold a few closely related prefixes, e.g. customers.ts: customers:* and overrides:*);
 * src/server/handlers/<name>.ts serves exactly the channels of channels/<name>.ts.
 */
export const API_CHANNELS = {
  ...APP_CHANNELS,
  ...TIER_CHANNELS,
  ...RUN_CHANNELS,
  ...EVALUATION_CHANNELS,
  ...SETTINGS_CHANNELS,
  ...CUSTOMER_CHANNELS,
  ...REVIEW_CHANNELS,
  ...POLICY_CHANNELS,
  ...CONTRACT_CHANNELS,
  ...DATA_CHANNELS,
};

export type ApiChannels = typeof API_CHANNELS;
export type Channel = keyof ApiChannels;
export const CHANNELS = Object.keys(API_CHANNELS) as Channel[];

/** What a caller sends (before defaults and transforms). */
export type Input<C extends Channel> = z.input<ApiChannels[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<C extends Channel> = z.output<ApiChannels[C]['input']>;
export type Output<C extends Channel> = Exclude<ApiChannels[C]['output'], undefined>;

export interface ApiError {
  /** Stable code: a DomainError code, BAD_INPUT, UNKNOWN_CHANNEL, FORBIDDEN, UNAUTHORIZED, NETWORK, INTERNAL. */
  code: string;
  /** English, names the thing and the reason. */
  message: string;
  /** Structured facts of a DomainError (e.g. `{field, rule}` of a refused contract term) for the UI's own wording. */
  details?: unknown;
}
export type Result<C extends Channel> = { ok: true; value: Output<C> } | { ok: false; error: ApiError };
export type AnyResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

export type ProgressChannel = { [C in Channel]: ApiChannels[C]['progress'] extends true ? C : never }[Channel];
export type ReadChannel = { [C in Channel]: ApiChannels[C]['kind'] extends 'read' ? C : never }[Channel];
export type WriteChannel = Exclude<Channel, ReadChannel>;

export const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(API_CHANNELS, name);
export const isProgressChannel = (c: Channel): c is ProgressChannel => API_CHANNELS[c].progress === true;

/** Electron event name on which main sends progress of long-running calls. */
export const PROGRESS_EVENT = 'tierdesk:progress';
export interface ProgressEvent {
  jobId: string;
  channel: ProgressChannel;
  progress: import('./types').JobProgress;
}
/** A job id chosen by the caller of a progress channel: routes its events back to it. */
export const JOB_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Browser mode: the API lives under this path; the token travels in this header as `Bearer <token>`. */
export const HTTP_API_PREFIX = '/api/';
export const HTTP_TOKEN_HEADER = 'authorization';
