import Database from 'better-sqlite3';
import fs from 'node:fs';
import { DomainError } from './errors';
import { MIGRATIONS } from './migrations/index';
import { SEED_POLICY } from '../shared/policy';
import { DEFAULT_ZONE } from './time';

export type DB = Database.Database;
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** Create the file (and the schema, with seed policy v1) when it does not exist. */
  create?: boolean;
  readonly?: boolean;
  /** Path of a better-sqlite3 native module built for another runtime (Electron). */
  nativeBinding?: string;
  now?: () => number;
}

function classify(err: unknown, file: string): DomainError {
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new DomainError('DB_LOCKED', `${file}: the database is locked by another program; close it and try again`);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new DomainError('DB_CORRUPT', `${file}: the file is not a Tierdesk database or is damaged (${msg}); restore a backup or choose another file`);
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') return new DomainError('DB_UNREADABLE', `${file}: the database cannot be opened for writing (${msg})`);
  if (code === 'SQLITE_FULL') return new DomainError('DISK_FULL', `${file}: the disk is full; nothing was written`);
  return err instanceof DomainError ? err : new DomainError('DB_ERROR', `${file}: ${msg}`);
}

/**
 * Opens (or creates) a Tierdesk database: WAL, synchronous=FULL, foreign keys, a 5 s busy timeout,
 * and migrations up to this code's schema. A database newer than the code is refused untouched.
 */
export function openDb(file: string, opts: OpenOptions = {}): DB {
  const exists = file === ':memory:' || fs.existsSync(file);
  if (!exists && !opts.create) throw new DomainError('DB_NOT_FOUND', `${file}: no such database (create one with "tierdesk init --db ${file}")`);
  let db: DB;
  try {
    db = new Database(file, {
      fileMustExist: exists && file !== ':memory:',
      readonly: opts.readonly ?? false,
      timeout: 5000,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
  } catch (e) {
    throw classify(e, file);
  }
  try {
    // Read the version before any write so a newer or foreign file is left exactly as it was.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DomainError('DB_TOO_NEW', `${file}: the database was written by a newer Tierdesk (schema ${version}, this version knows ${SCHEMA_VERSION}); update Tierdesk`);
    }
    if (version === 0 && exists && file !== ':memory:') {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
      if (tables.n > 0) throw new DomainError('DB_FOREIGN', `${file}: this SQLite file is not a Tierdesk database`);
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db, opts.now ?? Date.now);
    else if (version < SCHEMA_VERSION) throw new DomainError('DB_OLD_READONLY', `${file}: the database needs an upgrade but is read-only`);
    return db;
  } catch (e) {
    db.close();
    throw classify(e, file);
  }
}

function migrate(db: DB, now: () => number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]!);
      if (v === 0) {
        db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('timezone', DEFAULT_ZONE);
        db.prepare('INSERT INTO policies (version, document, published_at, actor, reason) VALUES (1, ?, ?, ?, ?)').run(
          JSON.stringify(SEED_POLICY),
          now(),
          'system',
          'seed policy (seed 000)',
        );
      }
      db.pragma(`user_version = ${v + 1}`);
    }
  })();
}

export function getSetting(db: DB, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function platformZone(db: DB): string {
  return getSetting(db, 'timezone') ?? DEFAULT_ZONE;
}
