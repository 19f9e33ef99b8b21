import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'csv-parse';
import { getSetting, platformZone } from '../../engine/db';
import { DomainError } from '../../engine/errors';
import { COLUMNS, KINDS, type Kind } from '../../engine/import/index';
import {
  BACKUP_KEEP_SETTING,
  DEFAULT_BACKUP_KEEP,
  backupBeforeMutation,
  backupFolder,
  createBackup,
  listBackups,
  restoreBackup,
} from '../../engine/backup';
import { diagnose } from '../../engine/dbHealth';
import { exportCsv, exportFileName, type PeopleExport } from '../../engine/exports/index';
import { auditFacets, queryAudit } from '../../engine/auditQuery';
import { todayIn } from '../../engine/time';
import type { JobRunner } from '../../engine/worker/runner';
import { API_CHANNELS, isChannel, type AnyResult, type Channel } from '@shared/api/apiChannels';
import {
  DB_UNAVAILABLE,
  PREVIEW_ROWS,
  type DATA_CHANNELS,
  type DatabaseDiagnosis,
  type ImportPreview,
  type ImportPreviewColumn,
  type ImportProgressEvent,
  type ImportRunResult,
} from '@shared/api/channels/data';
import type { Dispatch } from '../dispatcher';
import { toApiError } from '../errors';
import type { HandlersFor } from './types';

// ---------------------------------------------------------------- staging (uploads and exports)

let stagingRoot: string | null = null;

/**
 * One private folder per server process for staged uploads and prepared exports: import files come
 * in chunks (browser mode caps request bodies), and a dry run and the real import then read the same
 * staged copy. Removed when the process exits.
 */
function staging(sub: 'uploads' | 'exports'): string {
  if (stagingRoot === null) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-staging-'));
    stagingRoot = root;
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  }
  const dir = path.join(stagingRoot, sub);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The staged copy keeps the user's file name (the engine names files in its row errors) without any path in it. */
function safeName(name: string): string {
  const clean = Array.from(name, (ch) => (ch < ' ' || ch === '/' || ch === '\\' ? '_' : ch))
    .join('')
    .slice(0, 200);
  return clean === '.' || clean === '..' ? '_' : clean;
}

const uploadDir = (uploadId: string) => path.join(staging('uploads'), uploadId);

/** The staged files of an upload, one per kind. */
function stagedFiles(uploadId: string): Partial<Record<Kind, string>> {
  const files: Partial<Record<Kind, string>> = {};
  for (const kind of KINDS) {
    const dir = path.join(uploadDir(uploadId), kind);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    if (names.length === 1) files[kind] = path.join(dir, names[0]!);
  }
  return files;
}

function discardUpload(uploadId: string): boolean {
  const dir = uploadDir(uploadId);
  const existed = fs.existsSync(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return existed;
}

function appendChunk(uploadId: string, kind: Kind, name: string, offset: number, data: Buffer): number {
  const dir = path.join(uploadDir(uploadId), kind);
  const file = path.join(dir, safeName(name));
  if (offset === 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, data);
    return data.length;
  }
  const size = fs.existsSync(file) ? fs.statSync(file).size : null;
  if (size !== offset) {
    throw new DomainError(
      'UPLOAD_OUT_OF_ORDER',
      `${name}: expected the chunk at byte ${size ?? 0}, got one at byte ${offset}; choose the file again to upload it from the start`,
    );
  }
  fs.appendFileSync(file, data);
  return offset + data.length;
}

// ---------------------------------------------------------------- preview

/** A header matches a kind when it has all its required columns; the best match wins. */
function detectKind(header: string[], name: string): Kind | null {
  const have = new Set(header);
  const complete = KINDS.filter((k) => COLUMNS[k].required.every((c) => have.has(c)));
  if (complete.length > 0) return complete.sort((a, b) => COLUMNS[b].required.length - COLUMNS[a].required.length)[0]!;
  const lower = name.toLowerCase();
  return KINDS.find((k) => lower.includes(k)) ?? KINDS.find((k) => lower.includes(k.replace(/s$/, ''))) ?? null;
}

/**
 * Reads the head of a file the way the import does (csv-parse, BOM skipped, names trimmed and
 * lower-cased). `partial`: the head is only the start of the file, so an unfinished last record is
 * not a problem.
 */
async function previewHead(name: string, head: string, partial: boolean, asked: Kind | undefined): Promise<ImportPreview> {
  const records: string[][] = [];
  let problem: string | null = null;
  const parser = new Parser({ bom: true, relax_column_count: true });
  parser.on('data', (r: string[]) => {
    if (records.length <= PREVIEW_ROWS && !(r[0] === '' && r.every((f) => f.trim() === ''))) records.push(r);
  });
  parser.on('error', (e: Error) => {
    if (records.length <= PREVIEW_ROWS) problem = e.message;
  });
  const ended = new Promise<void>((resolve) => {
    parser.once('end', () => resolve());
    parser.once('error', () => resolve());
  });
  await new Promise((resolve) => setImmediate(resolve));
  parser.write(partial ? head.slice(0, head.lastIndexOf('\n') + 1) : head);
  if (partial) await new Promise((resolve) => setImmediate(resolve));
  else {
    parser.end();
    await ended;
  }
  parser.destroy();
  const header = (records[0] ?? []).map((f) => f.trim().toLowerCase());
  if (records.length === 0 && problem === null) problem = 'the file is empty (a header row is required)';
  const detected = detectKind(header, name);
  const kind = asked ?? detected;
  const seen = new Set<string>();
  const columns: ImportPreviewColumn[] = header.map((c) => {
    const known = kind !== null && (COLUMNS[kind].required.includes(c) || COLUMNS[kind].optional.includes(c));
    const role: ImportPreviewColumn['role'] = !known
      ? 'ignored'
      : seen.has(c)
        ? 'duplicate'
        : COLUMNS[kind]!.required.includes(c)
          ? 'required'
          : 'optional';
    seen.add(c);
    return { name: c, role };
  });
  const missing = kind === null || records.length === 0 ? [] : COLUMNS[kind].required.filter((c) => !seen.has(c));
  return { detected, kind, columns, missing, rows: records.slice(1, PREVIEW_ROWS + 1), problem };
}

// ---------------------------------------------------------------- import runs

interface RunState {
  cancelled: boolean;
}
/** The import running on a job runner (one per database), so a cancel finds it even before its worker starts. */
const runningImports = new WeakMap<JobRunner, RunState>();

type WorkerImportResult = Omit<ImportRunResult, 'backup'>;

// ---------------------------------------------------------------- exports

const EXPORT_READ_BYTES = 3 * 1024 * 1024;
const exportFile = (exportId: string) => path.join(staging('exports'), `${exportId}.csv`);

function keptBackups(raw: string | undefined): number {
  const n = Number(raw ?? DEFAULT_BACKUP_KEEP);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_BACKUP_KEEP;
}

// ---------------------------------------------------------------- handlers

/** Handlers of the channels in src/shared/api/channels/data.ts. */
export const handlers = {
  'import:preview': async (input) => previewHead(input.name, input.head, input.partial ?? false, input.kind),

  'import:upload': async (input, ctx) => {
    if (runningImports.has(ctx.jobs))
      throw new DomainError('BUSY', 'an import is running; wait for it to finish or cancel it before choosing new files');
    const bytes = appendChunk(input.uploadId, input.kind, input.name, input.offset, Buffer.from(input.data, 'base64'));
    return { kind: input.kind, bytes };
  },

  'import:run': async (input, ctx): Promise<ImportRunResult> => {
    const files = stagedFiles(input.uploadId);
    if (Object.keys(files).length === 0)
      throw new DomainError(
        'UPLOAD_NOT_FOUND',
        'no files are staged for this import (they are removed after an import and when Tierdesk stops); choose the files again',
      );
    if (runningImports.has(ctx.jobs) || ctx.jobs.busy)
      throw new DomainError('BUSY', 'another import or an evaluation is running; wait for it to finish and try again');
    const state: RunState = { cancelled: false };
    runningImports.set(ctx.jobs, state);
    try {
      let backup = null;
      if (!input.dryRun) {
        const event: ImportProgressEvent = { phase: 'backup', done: 0, total: 1, file: '', rows: 0 };
        ctx.progress(event);
        backup = await backupBeforeMutation(ctx.db, 'before-import', { now: ctx.now });
      }
      if (state.cancelled)
        return { ok: false, dryRun: input.dryRun, cancelled: true, files: {}, errors: [], errorCount: 0, backup, rows: 0, elapsedMs: 0 };
      const result = (await ctx.jobs.run(
        { kind: 'import', files, dryRun: input.dryRun, actor: ctx.actor },
        ctx.progress,
      )) as WorkerImportResult;
      // Kept after a dry run or a refusal, so the real import (or the next try) reads the same copy.
      if (result.ok && !input.dryRun) discardUpload(input.uploadId);
      return { ...result, backup };
    } finally {
      runningImports.delete(ctx.jobs);
    }
  },

  'import:cancel': async (_input, ctx) => {
    const state = runningImports.get(ctx.jobs);
    if (!state) return { cancelled: false };
    state.cancelled = true;
    ctx.jobs.cancel('import');
    return { cancelled: true };
  },

  'import:discard': async (input, ctx) => {
    if (runningImports.has(ctx.jobs)) throw new DomainError('BUSY', 'an import is running; cancel it first');
    return { discarded: discardUpload(input.uploadId) };
  },

  'export:prepare': async (input, ctx) => {
    const zone = platformZone(ctx.db);
    const request: PeopleExport =
      input.request.kind === 'contracts' ? { ...input.request, today: todayIn(zone, ctx.now()) } : input.request;
    const exportId = crypto.randomBytes(12).toString('hex');
    const file = exportFile(exportId);
    const fd = fs.openSync(file, 'w', 0o600);
    let bytes = 0;
    try {
      for (const chunk of exportCsv(ctx.db, request, input.language)) {
        const buf = Buffer.from(chunk, 'utf8');
        fs.writeSync(fd, buf);
        bytes += buf.length;
      }
    } catch (e) {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw e;
    }
    fs.closeSync(fd);
    return { exportId, fileName: exportFileName(input.request.kind, ctx.now(), zone), bytes };
  },

  'export:read': async (input) => {
    const file = exportFile(input.exportId);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      throw new DomainError('EXPORT_NOT_FOUND', 'this export is no longer available (it is removed once read to its end); export again');
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (input.offset > size) throw new DomainError('BAD_OFFSET', `offset ${input.offset} is past the end of the export (${size} bytes)`);
      const buf = Buffer.alloc(Math.min(EXPORT_READ_BYTES, size - input.offset));
      const n = fs.readSync(fd, buf, 0, buf.length, input.offset);
      const next = input.offset + n < size ? input.offset + n : null;
      if (next === null) fs.rmSync(file, { force: true });
      return { data: buf.subarray(0, n).toString('base64'), next };
    } finally {
      fs.closeSync(fd);
    }
  },

  'backup:list': async (_input, ctx) => ({
    folder: backupFolder(ctx.dbPath),
    backups: listBackups(ctx.dbPath),
    keep: keptBackups(getSetting(ctx.db, BACKUP_KEEP_SETTING)),
  }),

  'backup:create': async (_input, ctx) => createBackup(ctx.db, 'manual', { now: ctx.now }),

  'backup:restore': async (input, ctx) => {
    if (ctx.jobs.busy || runningImports.has(ctx.jobs))
      throw new DomainError('BUSY', 'an import or an evaluation is running; wait for it to finish before restoring');
    // The console's own connection reads the restored content at its next statement (restoreBackup).
    return restoreBackup(ctx.dbPath, input.name, { actor: ctx.actor, now: ctx.now });
  },

  'audit:query': async (input, ctx) => queryAudit(ctx.db, input),
  'audit:facets': async (_input, ctx) => auditFacets(ctx.db),

  'db:status': async (_input, ctx) => diagnose(ctx.dbPath),
  'db:open': async (_input, ctx) => {
    throw new DomainError(
      'DB_ALREADY_OPEN',
      `${ctx.dbPath} is open and working; to work on another database file start Tierdesk with it (tierdesk serve --db FILE)`,
    );
  },
} satisfies HandlersFor<typeof DATA_CHANNELS>;

// ---------------------------------------------------------------- when the database cannot be opened

export interface RecoveryOptions {
  /** The database that could not be opened. */
  dbPath: string;
  now: () => number;
  /** Recorded on a restore (no operator name can be read without the database). */
  actor: string;
  /** Makes `file` the console's database (opens it, switches every channel to it); throws a DomainError when it cannot. */
  open(file: string): void;
}

type RecoveryChannel = 'db:status' | 'db:open' | 'backup:list' | 'backup:restore';

/**
 * The dispatcher of a console whose database cannot be opened: it diagnoses the file, lists its
 * backups, restores one (the bad file is kept as a `.damaged` copy by restoreBackup, never deleted)
 * or opens another file; on success `open` switches the server to a working database. Every other
 * channel answers DB_UNAVAILABLE with the reason, which the console turns into its error screen.
 */
export function createRecoveryDispatch(opts: RecoveryOptions): Dispatch {
  const dbPath = path.resolve(opts.dbPath);
  let last: DatabaseDiagnosis = diagnose(dbPath);
  const handlersFor: { [C in RecoveryChannel]: (input: never) => Promise<unknown> } = {
    'db:status': async () => (last = diagnose(dbPath)),
    'backup:list': async () => ({ folder: backupFolder(dbPath), backups: listBackups(dbPath), keep: DEFAULT_BACKUP_KEEP }),
    'backup:restore': async (input: { name: string }) => {
      const outcome = await restoreBackup(dbPath, input.name, { actor: opts.actor, now: opts.now });
      opts.open(dbPath);
      return outcome;
    },
    'db:open': async (input: { path: string }) => {
      const file = path.resolve(input.path);
      const found = diagnose(file);
      if (!found.ok) throw new DomainError(found.problem!.code, found.problem!.message);
      opts.open(file);
      return found;
    },
  };
  const isRecovery = (c: Channel): c is RecoveryChannel => Object.prototype.hasOwnProperty.call(handlersFor, c);
  return async (channel, input): Promise<AnyResult> => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel "${String(channel).slice(0, 100)}"` } };
    }
    if (!isRecovery(channel)) {
      return { ok: false, error: { code: DB_UNAVAILABLE, message: last.problem?.message ?? `${dbPath}: the database is not open` } };
    }
    try {
      const parsed = API_CHANNELS[channel].input.parse(input ?? {});
      return { ok: true, value: await handlersFor[channel](parsed as never) };
    } catch (e) {
      return { ok: false, error: toApiError(e, channel) };
    }
  };
}
