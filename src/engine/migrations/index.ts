import core from './001_core';

/**
 * Append-only: migration N (1-based) brings a database from user_version N-1 to N. Never edit a
 * migration that has shipped; add a new one.
 */
export const MIGRATIONS: readonly string[] = [core];
