import { DomainError } from '../errors';

/** An error thrown in a worker (job or simulation) as it crosses postMessage. */
export interface WorkerError {
  /** Set for a DomainError (a refusal the user can act on); absent for a bug. */
  code?: string;
  message: string;
  /** The DomainError's structured facts, when it has any. */
  details?: unknown;
  /** The stack of a bug, for the host's log. */
  stack?: string;
}

/** In the worker: what to post for anything thrown. */
export function serializeWorkerError(e: unknown): WorkerError {
  if (e instanceof DomainError) return { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) };
  const err = e as Error;
  return { message: err?.message ?? String(e), ...(err?.stack ? { stack: err.stack } : {}) };
}

/** On the host: the error to reject the call with (a DomainError again, or an Error carrying the worker's stack). */
export function deserializeWorkerError(w: WorkerError): Error {
  if (w.code) return new DomainError(w.code, w.message, w.details);
  return Object.assign(new Error(w.message), w.stack ? { stack: w.stack } : {});
}
