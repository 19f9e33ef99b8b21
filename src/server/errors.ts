import { ZodError } from 'zod';
import { DomainError } from '../engine/errors';
import type { ApiError } from '@shared/api/apiChannels';

function zodPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Turns anything thrown into the error half of a Result. */
export function toApiError(e: unknown, channel: string): ApiError {
  if (e instanceof DomainError)
    return e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details };
  if (e instanceof ZodError) {
    const parts = e.issues.map((i) => `${zodPath(i.path) || 'input'}: ${i.message}`);
    return { code: 'BAD_INPUT', message: `${channel}: ${parts.join('; ')}` };
  }
  return { code: 'INTERNAL', message: `${channel}: internal error (${(e as Error)?.message ?? String(e)})` };
}

/** The answer to a call of a channel that does not exist (both dispatchers). */
export function unknownChannel(channel: unknown): ApiError {
  return { code: 'UNKNOWN_CHANNEL', message: `unknown channel "${String(channel).slice(0, 100)}"` };
}
