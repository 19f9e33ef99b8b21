import type { DB } from '../db';
import { DomainError } from '../errors';
import type { Migration } from './migration';
import { migration001 } from './001_core';
import { migration002 } from './002_contracts';
import { migration003 } from './003_drafts';
import { migration004 } from './004_append_only';
import { migration005 } from './005_customer_list';

export type { Migration, MigrationContext } from './migration';

/**
 * Append-only: MIGRATIONS[N - 1] is migration N, which brings a database from user_version N-1 to
 * N. Never edit a migration that has shipped; add a new one.
 */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];

for (const [i, m] of MIGRATIONS.entries()) {
  if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version} but is number ${i + 1} in the list`);
}

/** The schema version of this code: the number of the last migration. */
export const LATEST_VERSION = MIGRATIONS.length;

export interface MigrateOptions {
  /** Stop after this migration (tests build a database as an older release left it); default: the latest. */
  upTo?: number;
}

/**
 * Brings the database up to `upTo` (default: the latest schema) in one transaction: each migration
 * runs its `up` and records its number in user_version, and a failure anywhere leaves the file as it
 * was (an upgrade is all or nothing, so a half-upgraded file never meets an older or newer release). A database newer than this code is refused before anything is
 * written. Returns the version the database is at.
 */
export function migrate(db: DB, now: () => number = Date.now, opts: MigrateOptions = {}): number {
  const target = opts.upTo ?? LATEST_VERSION;
  if (!Number.isInteger(target) || target < 0 || target > LATEST_VERSION)
    throw new RangeError(`upTo ${target}: migrations run from 0 to ${LATEST_VERSION}`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new DomainError(
      'DB_TOO_NEW',
      `${db.name}: the database was written by a newer Tierdesk (schema ${version}, this version knows ${LATEST_VERSION}); update Tierdesk`,
    );
  }
  if (version > target) throw new RangeError(`the database is at version ${version}, past ${target}: migrations never go back`);
  db.transaction(() => {
    for (const m of MIGRATIONS.slice(version, target)) {
      m.up(db, { now });
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return Math.max(version, target);
}
