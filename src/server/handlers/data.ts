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
import {
  PREVIEW_ROWS,
  type DATA_CHANNELS,
  type ImportPreview,
  type ImportPreviewColumn,
  type ImportProgressEvent,
  type ImportRunResult,
} from '@shared/api/channels/data';
import { appendChunk, discardUpload, readExport, stagedFiles, writeExport } from '../staging';
import type { HandlersFor } from './types';

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
    const { exportId, bytes } = writeExport(() => exportCsv(ctx.db, request, input.language));
    return { exportId, fileName: exportFileName(input.request.kind, ctx.now(), zone), bytes };
  },

  'export:read': async (input) => readExport(input.exportId, input.offset),

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
