import type { DB } from '../db';

/** What a migration may need besides the database: the clock (the seed policy's publication instant). */
export interface MigrationContext {
  now: () => number;
}

/**
 * One schema step: `up` brings a database from user_version `version - 1` to `version`. migrate()
 * runs it inside a transaction and records the version itself, so `up` only changes the schema
 * (and inserts the rows that schema needs). Never edit a migration that has shipped; add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: DB, ctx: MigrationContext): void;
}
