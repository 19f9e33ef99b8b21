/**
 * A refusal the user can act on (bad input, a broken rule). `code` is stable across CLI, IPC and
 * HTTP; `message` is English and names the reason. Anything else thrown is a bug.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
