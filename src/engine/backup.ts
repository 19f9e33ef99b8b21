import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { classifyDbError, getSetting, openDb, SCHEMA_VERSION } from './db';
import type { ReadableDB } from './sql/connection';
import { audit } from './audit';
import { DomainError } from './errors';
import type { BackupInfo } from '@shared/api/channels/data';

export type { BackupInfo };

/**
 * Backups of a database live in a folder beside it: `/data/shop.db` → `/data/shop.db.backups/`.
 * Each backup is a complete, self-contained SQLite file (rollback journal, no -wal) named
 * `<UTC timestamp>-<reason>.db`, e.g. `20261123T020000123Z-before-import.db`, so names sort by time.
 * A damaged database preserved before a restore is kept byte for byte as `<stamp>-before-restore.damaged`
 * (plus `.damaged-wal` when it had a WAL file).
 */
export const BACKUP_REASONS = [
  'manual',
  'before-import',
  'before-publish',
  'before-restore',
] as const satisfies readonly BackupInfo['reason'][];
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** Setting (in the database) with the number of backups kept; older ones are deleted. */
export const BACKUP_KEEP_SETTING = 'backup.keep';
export const DEFAULT_BACKUP_KEEP = 7;

export interface BackupOptions {
  now?: () => number;
  /** How long to wait for another connection's lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** How many backups to keep (default: the `backup.keep` setting, else 7). */
  keep?: number;
}

export interface RestoreOptions {
  actor: string;
  now: () => number;
  /** How long to wait for another connection's lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup of the database as it was just before the restore; null when there was no file. */
  safeguard: BackupInfo | null;
  /** Schema version of the restored file before it was brought up to date. */
  restoredSchemaVersion: number;
}

const NAME_RE = /^(\d{8}T\d{9}Z)-(manual|before-import|before-publish|before-restore)\.(db|damaged)$/;
/** Pages copied per step: large steps keep the destination's write lock short. */
const PAGES_PER_STEP = 4096;
const LOCK_RETRY_MS = 50;

/**
 * SQLite's online backup from `source` into the file `dest`. better-sqlite3 reports a copy that
 * could not even start because one side was locked as finished with 0 pages, so that case is
 * retried until `timeoutMs` and then refused with DB_LOCKED naming `lockedFile`.
 */
async function copyWithBackupApi(source: Database.Database, dest: string, timeoutMs: number, lockedFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { totalPages } = await source.backup(dest, { progress: () => PAGES_PER_STEP });
    if (totalPages > 0) return;
    if (Date.now() >= deadline) throw classifyDbError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), lockedFile);
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

export function backupFolder(dbFile: string): string {
  return `${path.resolve(dbFile)}.backups`;
}

const stampOf = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, '');
const msOfStamp = (s: string) =>
  Date.parse(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`,
  );

function infoOf(folder: string, name: string): BackupInfo | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const file = path.join(folder, name);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null;
  }
  return { name, file, at: msOfStamp(m[1]!), reason: m[2] as BackupReason, size, damaged: m[3] === 'damaged' };
}

/** The backups of a database, newest first. */
export function listBackups(dbFile: string): BackupInfo[] {
  const folder = backupFolder(dbFile);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((n) => infoOf(folder, n))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** A name whose time stamp no other backup has (a later millisecond when two share one), so names sort by time. */
function freshName(folder: string, reason: BackupReason, now: number, ext: 'db' | 'damaged'): string {
  const taken = new Set(fs.readdirSync(folder).map((n) => n.replace(/^\./, '').slice(0, 19)));
  let t = now;
  while (taken.has(stampOf(t))) t++;
  return `${stampOf(t)}-${reason}.${ext}`;
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function keepCount(db: ReadableDB | null, opts: BackupOptions): number {
  const raw = opts.keep ?? (db ? Number(getSetting(db, BACKUP_KEEP_SETTING) ?? DEFAULT_BACKUP_KEEP) : DEFAULT_BACKUP_KEEP);
  return Number.isInteger(raw) && raw >= 1 ? raw : DEFAULT_BACKUP_KEEP;
}

/** Deletes the oldest backups beyond `keep`, and unfinished copies a crash left behind. */
function rotate(dbFile: string, keep: number): void {
  for (const old of listBackups(dbFile).slice(keep)) {
    fs.rmSync(old.file, { force: true });
    if (old.damaged) fs.rmSync(`${old.file}-wal`, { force: true });
  }
  const folder = backupFolder(dbFile);
  for (const n of fs.readdirSync(folder)) {
    if (n.endsWith('.partial') && Date.now() - fs.statSync(path.join(folder, n)).mtimeMs > 3_600_000)
      fs.rmSync(path.join(folder, n), { force: true });
  }
}

function ensureFolder(dbFile: string): string {
  const folder = backupFolder(dbFile);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw new DomainError('BACKUP_FAILED', `cannot create the backup folder ${folder}: ${(e as Error).message}`);
  }
  return folder;
}

/**
 * Copies `source` (any open connection) with SQLite's online backup API into a new backup file.
 * The copy is written under a hidden `.partial` name and renamed when complete, so a crash never
 * leaves a half backup in the list; it is switched to a rollback journal so it is one plain file.
 */
async function writeBackup(
  source: Database.Database,
  dbFile: string,
  reason: BackupReason,
  now: number,
  timeoutMs: number,
): Promise<BackupInfo> {
  const folder = ensureFolder(dbFile);
  const name = freshName(folder, reason, now, 'db');
  const partial = path.join(folder, `.${name}.partial`);
  try {
    await copyWithBackupApi(source, partial, timeoutMs, dbFile);
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fsyncPath(partial);
    fs.renameSync(partial, path.join(folder, name));
    fsyncPath(folder);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    const err = classifyDbError(e, dbFile);
    throw new DomainError(err.code === 'DB_ERROR' ? 'BACKUP_FAILED' : err.code, `the backup of the database failed: ${err.message}`);
  }
  return infoOf(folder, name)!;
}

/** Takes a backup of an open database now (the "back up now" button: reason `manual`). */
export async function createBackup(db: ReadableDB, reason: BackupReason = 'manual', opts: BackupOptions = {}): Promise<BackupInfo> {
  if (db.memory) throw new DomainError('BACKUP_FAILED', 'an in-memory database has no file to back up');
  const info = await writeBackup(db, db.name, reason, (opts.now ?? Date.now)(), opts.busyTimeoutMs ?? 5000);
  rotate(db.name, keepCount(db, opts));
  return info;
}

/**
 * The automatic backup before an import or a policy publish. Await it before starting the change:
 * the backup is the database as it was before.
 */
export function backupBeforeMutation(
  db: ReadableDB,
  reason: 'before-import' | 'before-publish',
  opts: BackupOptions = {},
): Promise<BackupInfo> {
  return createBackup(db, reason, opts);
}

/**
 * Checks a backup before it is used: SQLite's full integrity_check, and that it is a Tierdesk
 * database this version can open. Opened read-only; the file is not changed.
 */
export function checkBackup(info: BackupInfo): { schemaVersion: number } {
  if (info.damaged)
    throw new DomainError(
      'BACKUP_CORRUPT',
      `${info.name}: this is the copy of a damaged database kept before a restore; it cannot be restored`,
    );
  let b: Database.Database | undefined;
  try {
    b = new Database(info.file, { readonly: true, fileMustExist: true });
    const problems = (b.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new DomainError(
        'BACKUP_CORRUPT',
        `${info.name}: the backup is damaged (integrity check: ${problems.slice(0, 3).join('; ')}); choose another backup`,
      );
    }
    const version = b.pragma('user_version', { simple: true }) as number;
    if (version === 0) throw new DomainError('BACKUP_CORRUPT', `${info.name}: not a Tierdesk database; choose another backup`);
    if (version > SCHEMA_VERSION) {
      throw new DomainError(
        'DB_TOO_NEW',
        `${info.name}: the backup was written by a newer Tierdesk (schema ${version}, this version knows ${SCHEMA_VERSION}); update Tierdesk`,
      );
    }
    return { schemaVersion: version };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const err = classifyDbError(e, info.file);
    if (err.code === 'DB_CORRUPT')
      throw new DomainError('BACKUP_CORRUPT', `${info.name}: the backup is damaged (${(e as Error).message}); choose another backup`);
    throw err;
  } finally {
    b?.close();
  }
}

function findBackup(dbFile: string, name: string): BackupInfo {
  const info = NAME_RE.test(name) ? infoOf(backupFolder(dbFile), name) : null;
  if (!info) throw new DomainError('BACKUP_NOT_FOUND', `no backup named "${name}" in ${backupFolder(dbFile)}`);
  return info;
}

const isUnreadableDatabase = (e: unknown) => {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT');
};

/**
 * Keeps the current database before a restore replaces it. A readable one is copied with the backup
 * API; one SQLite cannot read (often the very reason for the restore) is kept byte for byte and
 * reported `damaged`, and its content is then replaced by a file rename.
 */
async function safeguardCurrent(dbFile: string, now: number, busyTimeoutMs: number): Promise<{ info: BackupInfo; damaged: boolean }> {
  let cur: Database.Database | undefined;
  try {
    cur = new Database(dbFile, { fileMustExist: true, timeout: busyTimeoutMs });
    // Takes and drops the write lock: a database held by another program is refused before anything is done.
    cur.exec('BEGIN IMMEDIATE; ROLLBACK');
    return { info: await writeBackup(cur, dbFile, 'before-restore', now, busyTimeoutMs), damaged: false };
  } catch (e) {
    if (!isUnreadableDatabase(e) && !(e instanceof DomainError && e.code === 'DB_CORRUPT'))
      throw e instanceof DomainError ? e : classifyDbError(e, dbFile);
  } finally {
    cur?.close();
  }
  const folder = ensureFolder(dbFile);
  const name = freshName(folder, 'before-restore', now, 'damaged');
  fs.copyFileSync(dbFile, path.join(folder, name));
  if (fs.existsSync(`${dbFile}-wal`)) fs.copyFileSync(`${dbFile}-wal`, path.join(folder, `${name}-wal`));
  fsyncPath(path.join(folder, name));
  fsyncPath(folder);
  return { info: infoOf(folder, name)!, damaged: true };
}

/**
 * Puts a backup's content in place of the database at `dbFile`:
 * 1. the backup must pass integrity_check (else BACKUP_CORRUPT, nothing touched);
 * 2. the current database is backed up first (`before-restore`);
 * 3. a readable current database receives the backup through SQLite's backup API in reverse (the
 *    backup is the source, the live file the destination). SQLite writes the destination in ONE
 *    write transaction through its WAL, so a crash mid-restore leaves the old content, and other
 *    open connections (the console's) simply read the restored content at their next statement.
 *    A damaged current file (or none) is replaced instead by a fsynced copy renamed over it, after
 *    its stale -wal/-shm are removed (both are kept in the `.damaged` safeguard);
 * 4. the restored database is opened normally (migrated if older) and 'backup.restore' is audited
 *    in it.
 * Run it while no import or evaluation is writing: their lock makes it fail with DB_LOCKED.
 */
export async function restoreBackup(dbFile: string, backupName: string, opts: RestoreOptions): Promise<RestoreResult> {
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  const restored = findBackup(dbFile, backupName);
  const { schemaVersion } = checkBackup(restored);
  const at = opts.now();

  let safeguard: { info: BackupInfo; damaged: boolean } | null = null;
  if (fs.existsSync(dbFile)) safeguard = await safeguardCurrent(dbFile, at, busyTimeoutMs);

  if (safeguard && !safeguard.damaged) {
    const src = new Database(restored.file, { readonly: true, fileMustExist: true });
    try {
      await copyWithBackupApi(src, dbFile, busyTimeoutMs, dbFile);
    } catch (e) {
      throw classifyDbError(e, dbFile);
    } finally {
      src.close();
    }
  } else {
    const tmp = `${dbFile}.restoring`;
    fs.copyFileSync(restored.file, tmp);
    fsyncPath(tmp);
    fs.rmSync(`${dbFile}-wal`, { force: true });
    fs.rmSync(`${dbFile}-shm`, { force: true });
    fs.renameSync(tmp, dbFile);
    fsyncPath(path.dirname(path.resolve(dbFile)));
  }

  const db = openDb(dbFile, { now: opts.now, busyTimeoutMs });
  try {
    db.transaction(() => {
      audit(db, at, {
        actor: opts.actor,
        action: 'backup.restore',
        entity: 'database',
        entityId: restored.name,
        details: {
          backup: restored.name,
          backupTakenAt: restored.at,
          backupReason: restored.reason,
          safeguard: safeguard?.info.name ?? null,
          previousDamaged: safeguard?.damaged ?? false,
          schemaVersion,
        },
      });
    })();
    rotate(dbFile, keepCount(db, {}));
  } finally {
    db.close();
  }
  return { restored, safeguard: safeguard?.info ?? null, restoredSchemaVersion: schemaVersion };
}
