import { z } from 'zod';
import { channel, date, noInput } from '../define';
import { customerFilterSchema } from './customers';

/** Channels of one domain: import, exports, backups, audit log, the database file itself (issue 7). */

// ---------------------------------------------------------------- shapes crossing the boundary

/** The CSV files of spec §9, in the order an import reads them. */
export const IMPORT_KINDS = ['customers', 'orders', 'referrals', 'contributions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * Raw bytes per `import:upload` call. Base64 makes them 4/3 larger, which keeps a call under the
 * browser-mode body limit (1 MiB, src/server/http.ts) with room for the JSON around it.
 */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** Characters of the head of a file sent to `import:preview`. */
export const PREVIEW_HEAD_CHARS = 64 * 1024;
/** Rows of a file `import:preview` returns. */
export const PREVIEW_ROWS = 8;

export interface ImportPreviewColumn {
  name: string;
  /** required/optional: a column of spec §9 for the kind; ignored: any other column; duplicate: a §9 column given twice. */
  role: 'required' | 'optional' | 'ignored' | 'duplicate';
}

export interface ImportPreview {
  /** The kind the header matches best (all required columns present), else the one the file name names, else null. */
  detected: ImportKind | null;
  /** The kind the columns are checked against: the one asked for, else the detected one. */
  kind: ImportKind | null;
  columns: ImportPreviewColumn[];
  /** Required columns of `kind` the header lacks. */
  missing: string[];
  /** The first rows after the header, as read. */
  rows: string[][];
  /** Why the head could not be read as CSV (the import would report it too); null when it could. */
  problem: string | null;
}

export interface ImportFileCounts {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportRowError {
  file: string;
  /** Physical line where the record starts; the header is line 1. */
  line: number;
  column: string;
  /** English, from the engine. */
  reason: string;
}

export interface ImportRunResult {
  /** Every row was good (and, unless dryRun, everything is written). */
  ok: boolean;
  dryRun: boolean;
  /** The run was cancelled: nothing was written. */
  cancelled: boolean;
  files: Partial<Record<ImportKind, ImportFileCounts>>;
  /** The first 100 bad rows, in file order. */
  errors: ImportRowError[];
  errorCount: number;
  /** The backup taken just before a real import; null for a dry run. */
  backup: BackupInfo | null;
  /** Rows read over all files. */
  rows: number;
  /** Time of the import itself in the worker (not the upload, not the backup). */
  elapsedMs: number;
}

/** A progress event of `import:run`: `done` of `total` bytes over all files; `phase` is the kind being read, or `backup`. */
export interface ImportProgressEvent {
  phase: ImportKind | 'backup';
  done: number;
  total: number;
  /** Name of the file being read. */
  file: string;
  /** Rows read so far over all files. */
  rows: number;
}

export interface BackupInfo {
  /** The file name inside the backup folder; what a restore takes. */
  name: string;
  /** Full path of the backup file. */
  file: string;
  /** When it was taken (epoch ms, from the name). */
  at: number;
  reason: 'manual' | 'before-import' | 'before-publish' | 'before-restore';
  size: number;
  /** A byte copy of a database that could not be read, kept before a restore replaced it; not restorable. */
  damaged: boolean;
}

export interface BackupList {
  folder: string;
  /** Newest first. */
  backups: BackupInfo[];
  /** How many are kept; older ones are deleted. */
  keep: number;
}

export interface RestoreOutcome {
  restored: BackupInfo;
  /** The backup of the database as it was just before the restore; null when there was no file. */
  safeguard: BackupInfo | null;
  restoredSchemaVersion: number;
}

export interface DatabaseDiagnosis {
  file: string;
  /** True when the database opens for writing and passes the check. */
  ok: boolean;
  /** What is wrong, as openDb would refuse it (DB_NOT_FOUND, DB_CORRUPT, DB_UNREADABLE, DB_READONLY, DB_LOCKED, DB_TOO_NEW, DB_FOREIGN); null when ok. */
  problem: { code: string; message: string } | null;
  /** Size of the file in bytes; null when it cannot be seen. */
  size: number | null;
  /** user_version of a file SQLite could read. */
  schemaVersion: number | null;
  /** Where the backups of this database are kept, and which exist (newest first; `damaged` ones cannot be restored). */
  backupFolder: string;
  backups: BackupInfo[];
}

export const EXPORT_KINDS = ['customers', 'tier-history', 'evaluation-runs', 'contracts', 'audit'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface PreparedExport {
  /** Pass to `export:read`. */
  exportId: string;
  /** `customers-20261123-1000.csv`: the name to save it under. */
  fileName: string;
  bytes: number;
}

export interface ExportChunk {
  /** Base64 of the bytes from the offset asked for. */
  data: string;
  /** Offset of the next chunk, or null when this was the last (the prepared file is then gone). */
  next: number | null;
}

export interface AuditEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface AuditPageResult {
  rows: AuditEntry[];
  /** Rows matching the filter, over all pages. */
  total: number;
}

export interface AuditFacets {
  actors: string[];
  actions: string[];
  entities: string[];
}

// ---------------------------------------------------------------- inputs

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be 8 to 64 letters, digits, _ or -' });
const importKind = z.enum(IMPORT_KINDS);
const text = (max: number) => z.string().max(max);
const fileName = z.string().trim().min(1, { message: 'must not be empty' }).max(255);
const BASE64_CHUNK_CHARS = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4;

const historyFilter = z
  .object({
    customerId: text(200).optional(),
    from: date.optional(),
    to: date.optional(),
    cause: z.enum(['evaluation', 'protection_expiry', 'review', 'override', 'policy']).optional(),
  })
  .strict();
const contractFilter = z
  .object({
    status: z.enum(['draft', 'active', 'suspended', 'expired', 'terminated']).optional(),
    flag: z.enum(['expiring', 'at-risk', 'behind']).optional(),
    search: text(200).optional(),
    customerId: text(200).optional(),
    sort: z.enum(['end', '-end']).optional(),
  })
  .strict();
const auditFilter = z
  .object({
    actor: text(200).optional(),
    action: text(200).optional(),
    entity: text(200).optional(),
    entityId: text(200).optional(),
    from: date.optional(),
    to: date.optional(),
  })
  .strict();

export type CustomerExportFilterInput = z.input<typeof customerFilterSchema>;
export type AuditFilterInput = z.input<typeof auditFilter>;

const exportRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customers'), filter: customerFilterSchema.optional() }).strict(),
  z.object({ kind: z.literal('tier-history'), filter: historyFilter.optional() }).strict(),
  z.object({ kind: z.literal('evaluation-runs') }).strict(),
  z.object({ kind: z.literal('contracts'), filter: contractFilter.optional() }).strict(),
  z.object({ kind: z.literal('audit'), filter: auditFilter.optional() }).strict(),
]);
export type ExportRequest = z.input<typeof exportRequest>;

// ---------------------------------------------------------------- channels

export const DATA_CHANNELS = {
  'import:preview': channel<ImportPreview>()({
    kind: 'read',
    input: z
      .object({
        name: fileName,
        head: text(PREVIEW_HEAD_CHARS),
        /** The head is only the start of the file: an unfinished last record is not a problem. */
        partial: z.boolean().optional(),
        kind: importKind.optional(),
      })
      .strict(),
    summary:
      'reads the head of a CSV file: its kind (from the header, else the file name), its columns checked against spec §9, the first rows',
  }),
  'import:upload': channel<{ kind: ImportKind; bytes: number }>()({
    kind: 'write',
    input: z
      .object({
        uploadId: id,
        kind: importKind,
        name: fileName,
        /** Where this chunk goes: 0 starts the file over, else it must be the size received so far. */
        offset: z.number().int().min(0),
        data: z
          .string()
          .max(BASE64_CHUNK_CHARS)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' }),
      })
      .strict(),
    summary: `stages one chunk (≤ ${UPLOAD_CHUNK_BYTES / 1024} KiB, base64) of a CSV file for an import; returns the bytes received for that file`,
  }),
  'import:run': channel<ImportRunResult>()({
    kind: 'write',
    input: z.object({ uploadId: id, dryRun: z.boolean() }).strict(),
    progress: true,
    summary:
      'imports the staged files of an upload all-or-nothing in the worker (a real import backs the database up first); dryRun checks every row and writes nothing',
  }),
  'import:cancel': channel<{ cancelled: boolean }>()({
    kind: 'write',
    input: noInput,
    summary: 'cancels the running import: it rolls back and writes nothing; false when none was running',
  }),
  'import:discard': channel<{ discarded: boolean }>()({
    kind: 'write',
    input: z.object({ uploadId: id }).strict(),
    summary: 'deletes the staged files of an upload',
  }),
  'export:prepare': channel<PreparedExport>()({
    kind: 'read',
    input: z.object({ request: exportRequest, language: z.enum(['zh-CN', 'en']) }).strict(),
    summary:
      'writes a CSV for people (UTF-8 with BOM, formula-like cells neutralised, headers in the language) of customers, tier history, evaluation runs, contracts or the audit log, to read with export:read',
  }),
  'export:read': channel<ExportChunk>()({
    kind: 'read',
    input: z.object({ exportId: id, offset: z.number().int().min(0) }).strict(),
    summary: 'one chunk (base64) of a prepared export; the file is deleted after its last chunk',
  }),
  'backup:list': channel<BackupList>()({
    kind: 'read',
    input: noInput,
    summary: 'the backups of the database (date, size, reason), newest first',
  }),
  'backup:create': channel<BackupInfo>()({
    kind: 'write',
    input: noInput,
    summary: 'backs the database up now (SQLite online backup; older backups beyond the kept number are deleted)',
  }),
  'backup:restore': channel<RestoreOutcome>()({
    kind: 'write',
    input: z.object({ name: text(100) }).strict(),
    summary: 'puts a backup in place of the database after an integrity check; the current database is backed up first',
  }),
  'audit:query': channel<AuditPageResult>()({
    kind: 'read',
    input: auditFilter.extend({ offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    summary: 'one page of the audit log, newest first, filtered by actor, action (or its family), entity, entity id and dates',
  }),
  'audit:facets': channel<AuditFacets>()({
    kind: 'read',
    input: noInput,
    summary: 'the actors, actions and entities present in the audit log (the choices of its filters)',
  }),
  'db:status': channel<DatabaseDiagnosis>()({
    kind: 'read',
    input: noInput,
    summary: 'what is wrong with the database file, if anything, and its backups (never writes the file)',
  }),
  'db:open': channel<DatabaseDiagnosis>()({
    kind: 'write',
    input: z.object({ path: z.string().trim().min(1, { message: 'must not be empty' }).max(4096) }).strict(),
    summary: 'when the database could not be opened: opens another existing database file instead',
  }),
};

/** Codes of errors that the console explains in its own words (data feature). */
export const DB_PROBLEM_CODES = [
  'DB_NOT_FOUND',
  'DB_CORRUPT',
  'DB_UNREADABLE',
  'DB_READONLY',
  'DB_LOCKED',
  'DB_TOO_NEW',
  'DB_FOREIGN',
] as const;
/** Every channel but the db:* and backup:* ones answers this code while no database is open. */
export const DB_UNAVAILABLE = 'DB_UNAVAILABLE';
