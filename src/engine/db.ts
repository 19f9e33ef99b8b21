import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from './errors';
import { LATEST_VERSION, migrate } from './migrations/index';
import { DEFAULT_ZONE } from './time';
import type { SettingRow } from './rows/settings';
import { asReadable, asWritable, count, type ReadableDB, type WritableDB } from './sql/connection';

export type { ReadableDB, WritableDB } from './sql/connection';
/** A connection that reads and writes (what the server, the CLI and the jobs hold). */
export type DB = WritableDB;
export const SCHEMA_VERSION = LATEST_VERSION;

export interface OpenOptions {
  /** Create the file (and the schema, with seed policy v1) when it does not exist. */
  create?: boolean;
  readonly?: boolean;
  /** Path of a better-sqlite3 native module built for another runtime (Electron). */
  nativeBinding?: string;
  now?: () => number;
  /** How long to wait for another connection's lock before refusing with DB_LOCKED (default 5000). */
  busyTimeoutMs?: number;
}

/** The folder that holds `file` (SQLite writes its -wal and -shm journal files there). */
const folderOf = (file: string) => path.dirname(path.resolve(file));

/**
 * Turns a SQLite or file system failure on `file` into the refusal the user sees. SQLite reports
 * extended codes (SQLITE_READONLY_DIRECTORY, SQLITE_CORRUPT_INDEX…), so codes match by prefix.
 */
export function classifyDbError(err: unknown, file: string): DomainError {
  if (err instanceof DomainError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  const is = (prefix: string) => code === prefix || code.startsWith(`${prefix}_`);
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) {
    return new DomainError(
      'DB_LOCKED',
      `${file}: the database is locked by another program (another Tierdesk window or a tool holding it open); close it and try again`,
    );
  }
  if (is('SQLITE_NOTADB') || is('SQLITE_CORRUPT')) {
    return new DomainError(
      'DB_CORRUPT',
      `${file}: the file is damaged or is not a database (${msg}); restore a backup or choose another file. The file was left as it is`,
    );
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new DomainError(
      'DB_READONLY',
      `${file}: the folder ${folderOf(file)} is read-only; Tierdesk writes its journal files (-wal, -shm) beside the database, so the folder must be writable. Fix its permissions or copy the database to a writable folder`,
    );
  }
  if (is('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new DomainError(
      'DB_READONLY',
      `${file}: the database is read-only (${msg}); fix the permissions of the file and its folder, or copy it to a writable folder`,
    );
  }
  if (code === 'SQLITE_CANTOPEN_ISDIR') return new DomainError('DB_UNREADABLE', `${file}: this is a folder, not a database file`);
  if (is('SQLITE_CANTOPEN') || is('SQLITE_PERM') || is('SQLITE_AUTH') || is('SQLITE_IOERR')) {
    return new DomainError(
      'DB_UNREADABLE',
      `${file}: the database cannot be read (${msg}); check that the file exists, is readable by you and its disk is connected`,
    );
  }
  if (is('SQLITE_FULL') || code === 'ENOSPC') {
    return new DomainError(
      'DISK_FULL',
      `${file}: the disk is full (or the database reached its size limit); the change was rolled back and nothing was written. Free some space and try again`,
    );
  }
  return new DomainError('DB_ERROR', `${file}: ${msg}`);
}

/**
 * SQLite silently opens a file it may not write read-only and fails only at the first write;
 * opening it ourselves (without writing) names the problem now: unreadable, or read-only. Root
 * passes, as it can write. Anything else (a folder, a missing file) is left for SQLite to name.
 */
export function checkFileAccess(file: string, need: 'read' | 'write' = 'write'): void {
  const denied = (code: string | undefined) => code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  for (const mode of need === 'read' ? (['r'] as const) : (['r', 'r+'] as const)) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, mode);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (!denied(err.code)) return;
      throw classifyDbError(
        mode === 'r' ? Object.assign(new Error(`permission denied (${err.code})`), { code: 'SQLITE_CANTOPEN' }) : err,
        file,
      );
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}

/**
 * Opens (or creates) a Tierdesk database: WAL, synchronous=FULL, foreign keys, a 5 s busy timeout,
 * and migrations up to this code's schema. A database newer than the code is refused untouched.
 * Every failure is a DomainError naming the file and the reason (DB_NOT_FOUND, DB_CORRUPT,
 * DB_UNREADABLE, DB_READONLY, DB_LOCKED, DB_TOO_NEW, DB_FOREIGN, DISK_FULL); a refused file is
 * never written, so the console can offer a backup or another file.
 */
export function openDb(file: string, opts: OpenOptions & { readonly: true }): ReadableDB;
export function openDb(file: string, opts?: OpenOptions & { readonly?: false }): WritableDB;
export function openDb(file: string, opts?: OpenOptions): ReadableDB;
export function openDb(file: string, opts: OpenOptions = {}): ReadableDB {
  const exists = file === ':memory:' || fs.existsSync(file);
  if (!exists && !opts.create)
    throw new DomainError('DB_NOT_FOUND', `${file}: no such database (create one with "tierdesk init --db ${file}")`);
  let db: Database.Database;
  try {
    if (exists && file !== ':memory:') checkFileAccess(file, opts.readonly ? 'read' : 'write');
    db = new Database(file, {
      fileMustExist: exists && file !== ':memory:',
      readonly: opts.readonly ?? false,
      timeout: opts.busyTimeoutMs ?? 5000,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
  } catch (e) {
    throw classifyDbError(e, file);
  }
  try {
    // Read the version before any write so a newer or foreign file is left exactly as it was.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DomainError(
        'DB_TOO_NEW',
        `${file}: the database was written by a newer Tierdesk (schema ${version}, this version knows ${SCHEMA_VERSION}); update Tierdesk`,
      );
    }
    if (version === 0 && exists && file !== ':memory:') {
      if (count(asReadable(db), 'SELECT count(*) AS n FROM sqlite_master') > 0)
        throw new DomainError('DB_FOREIGN', `${file}: this SQLite file is not a Tierdesk database`);
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (opts.readonly) {
      if (version < SCHEMA_VERSION) throw new DomainError('DB_OLD_READONLY', `${file}: the database needs an upgrade but is read-only`);
      return asReadable(db);
    }
    const writable = asWritable(db);
    migrate(writable, opts.now ?? Date.now);
    return writable;
  } catch (e) {
    db.close();
    throw classifyDbError(e, file);
  }
}

export function getSetting(db: ReadableDB, key: string): string | undefined {
  return db.prepare<[string], Pick<SettingRow, 'value'>>('SELECT value FROM settings WHERE key = ?').get(key)?.value;
}

export function setSetting(db: WritableDB, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function platformZone(db: ReadableDB): string {
  return getSetting(db, 'timezone') ?? DEFAULT_ZONE;
}
