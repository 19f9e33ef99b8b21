import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { asReadable, count } from './sql/connection';
import { checkFileAccess, classifyDbError, SCHEMA_VERSION } from './db';
import { DomainError } from './errors';
import { backupFolder, listBackups } from './backup';
import type { DatabaseDiagnosis as Diagnosis } from '@shared/api/channels/data';

export type { Diagnosis };

export interface DiagnoseOptions {
  /** How long to wait for another program's lock (default 1000 ms: the error screen should come quickly). */
  busyTimeoutMs?: number;
  /** Run the full integrity_check instead of quick_check (slower on a big file). */
  thorough?: boolean;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = fs.readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses a file that openDb would refuse, without writing it. */
function check(file: string, opts: DiagnoseOptions): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('DB_NOT_FOUND', `${file}: no such database`);
    throw classifyDbError(Object.assign(e as Error, { code: 'SQLITE_CANTOPEN' }), file);
  }
  if (stat.isDirectory()) throw classifyDbError(Object.assign(new Error('is a folder'), { code: 'SQLITE_CANTOPEN_ISDIR' }), file);
  // Mirrors openDb, which opens the file for writing.
  checkFileAccess(file);
  let header: Buffer;
  try {
    header = readHeader(file);
  } catch (e) {
    throw classifyDbError(Object.assign(e as Error, { code: 'SQLITE_CANTOPEN' }), file);
  }
  // An empty file is what SQLite makes of a new database; anything else must carry the SQLite header.
  if (header.length > 0 && (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC))) {
    throw new DomainError(
      'DB_CORRUPT',
      `${file}: the file is damaged or is not a database (its first bytes are not a SQLite header); restore a backup or choose another file. The file was left as it is`,
    );
  }
  let db: Database.Database | undefined;
  try {
    // Opened for writing but only read: a read-only connection would leave its -wal/-shm files behind.
    db = new Database(file, { fileMustExist: true, timeout: opts.busyTimeoutMs ?? 1000 });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DomainError(
        'DB_TOO_NEW',
        `${file}: the database was written by a newer Tierdesk (schema ${version}, this version knows ${SCHEMA_VERSION}); update Tierdesk`,
      );
    }
    if (version === 0 && count(asReadable(db), 'SELECT count(*) AS n FROM sqlite_master') > 0) {
      throw new DomainError('DB_FOREIGN', `${file}: this SQLite file is not a Tierdesk database`);
    }
    const rows = (db.pragma(opts.thorough ? 'integrity_check' : 'quick_check') as Record<string, string>[]).map(
      (r) => Object.values(r)[0]!,
    );
    if (rows.length !== 1 || rows[0] !== 'ok') {
      throw new DomainError(
        'DB_CORRUPT',
        `${file}: the database is damaged (${rows.slice(0, 3).join('; ')}); restore a backup. The file was left as it is`,
      );
    }
    return version;
  } catch (e) {
    throw classifyDbError(e, file);
  } finally {
    db?.close();
  }
}

/**
 * What is wrong with a database file, for the console's error screen (offer a restore or another
 * file). Never writes the file: it reads the header, the schema version and runs quick_check
 * (integrity_check when `thorough`).
 */
export function diagnose(file: string, opts: DiagnoseOptions = {}): Diagnosis {
  const abs = path.resolve(file);
  let size: number | null = null;
  try {
    size = fs.statSync(abs).size;
  } catch {
    // Reported by check() below.
  }
  let problem: Diagnosis['problem'] = null;
  let schemaVersion: number | null = null;
  try {
    schemaVersion = check(abs, opts);
  } catch (e) {
    const err = e instanceof DomainError ? e : classifyDbError(e, abs);
    problem = { code: err.code, message: err.message };
  }
  return { file: abs, ok: problem === null, problem, size, schemaVersion, backupFolder: backupFolder(abs), backups: listBackups(abs) };
}
