import core from './001_core';
import contracts from './002_contracts';
import drafts from './003_drafts';
import appendOnly from './004_append_only';
import customerList from './005_customer_list';

/**
 * Append-only: migration N (1-based) brings a database from user_version N-1 to N. Never edit a
 * migration that has shipped; add a new one.
 */
export const MIGRATIONS: readonly string[] = [core, contracts, drafts, appendOnly, customerList];
