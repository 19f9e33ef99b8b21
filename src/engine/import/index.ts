import type { WritableDB } from '../sql/connection';
import { scan } from '../sql/connection';
import { platformZone } from '../db';
import { audit } from '../audit';
import { DomainError } from '../errors';
import { TimestampParser } from '../time';
import { StringMap } from './collections';
import { readCsv, type CsvSink } from './csv';
import { reasons } from './fields';
import { COLUMNS, KINDS, READ, startKind, type ImportState, type Kind, type KindImporter } from './kinds';
import { openSource, type OpenedSource, type Source } from './source';
import { withImportCache } from './cache';

export { COLUMNS, KINDS, type Kind } from './kinds';
export type { Source } from './source';
export { benchBareInsert, type BareInsertResult } from './bench';

export type ImportSources = Partial<Record<Kind, Source>>;

export interface ImportProgress {
  /** The file being read. */
  file: string;
  /** Rows of that file read so far. */
  rows: number;
  /** Bytes of all files of the import read so far, of totalBytes. */
  bytes: number;
  totalBytes: number;
}

export interface ImportOptions {
  /** Check everything, report what would change, write nothing. */
  dryRun?: boolean;
  now: () => number;
  actor: string;
  /** Zone of timestamps without an offset; default the platform zone of the database. */
  zone?: string;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface FileCounts {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportError {
  file: string;
  /** Physical line where the record starts; the header is line 1. */
  line: number;
  column: string;
  reason: string;
}

export interface ImportResult {
  /** Every row was good (and, unless dryRun, everything is written). */
  ok: boolean;
  dryRun: boolean;
  /** Per file; the change counts are 0 when the import was refused or cancelled. */
  files: Partial<Record<Kind, FileCounts>>;
  /** The first MAX_LISTED_ERRORS bad rows, in file order. */
  errors: ImportError[];
  /** All bad rows. */
  errorCount: number;
  cancelled?: boolean;
}

export const MAX_LISTED_ERRORS = 100;

/** `file:line: column: reason`, the form the CLI prints and spec §9 names. */
export function formatError(e: ImportError): string {
  return `${e.file}:${e.line}: ${e.column}: ${e.reason}`;
}

/**
 * Imports the CSV files of spec §9 (customers → orders → referrals → contributions) as one
 * all-or-nothing unit: any bad row in any file rolls everything back, and reading goes on to report
 * every bad row. Rows whose key exists are updated. The connection is inside a transaction until
 * the promise settles: do not use it for anything else meanwhile.
 */
export async function importFiles(db: WritableDB, sources: ImportSources, opts: ImportOptions): Promise<ImportResult> {
  const files: [Kind, OpenedSource][] = [];
  for (const kind of KINDS) {
    const src = sources[kind];
    if (src !== undefined) files.push([kind, await openSource(src)]);
  }
  if (files.length === 0)
    throw new DomainError('IMPORT_NO_FILES', 'nothing to import: give at least one of customers, orders, referrals, contributions');
  if (db.inTransaction)
    throw new DomainError('IMPORT_BUSY', 'the database connection is inside another transaction; try again when it has finished');
  const dryRun = opts.dryRun ?? false;
  const totalBytes = files.reduce((n, [, s]) => n + s.size, 0);
  const errors: ImportError[] = [];
  let errorCount = 0;
  let file = '';
  const st: ImportState = {
    db,
    ts: new TimestampParser(opts.zone ?? platformZone(db)),
    customers: new StringMap(),
    customersIncomplete: false,
    writing: true,
    bad(line, column, reason) {
      errorCount++;
      st.writing = false;
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ file, line, column, reason });
    },
  };
  const result: ImportResult = { ok: false, dryRun, files: {}, errors, errorCount: 0 };

  return withImportCache(db, async () => {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      throw storeError(e);
    }
    try {
      for (const [id, c] of scan<[string, number]>(db, 'SELECT customer_id, id FROM customers')) st.customers.set(id, c);
      let bytesBefore = 0;
      const written: [Kind, KindImporter, number][] = [];
      for (const [kind, src] of files) {
        file = src.name;
        const errorsBefore = errorCount;
        let importer: KindImporter | undefined;
        let header: string[] = [];
        let rows = 0;
        const sink: CsvSink = {
          header(names) {
            const col = new Map<string, number>();
            const wanted = [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
            names.forEach((n, i) => {
              if (!wanted.includes(n)) return;
              if (col.has(n)) st.bad(1, n, reasons.columnTwice);
              else col.set(n, i);
            });
            for (const n of COLUMNS[kind].required) if (!col.has(n)) st.bad(1, n, reasons.missingColumn(names));
            if (errorCount > errorsBefore) return false;
            header = names;
            importer = startKind(kind, st, col);
            return true;
          },
          row(fields, line, info) {
            rows++;
            if (fields.length !== header.length) {
              if (fields.length < header.length)
                return st.bad(line, header[fields.length]!, reasons.fieldCount(fields.length, header.length));
              // Trailing empty fields (a spreadsheet's stray commas) are harmless; more real fields mean a shifted row.
              for (let i = header.length; i < fields.length; i++)
                if (fields[i]!.trim() !== '') return st.bad(line, 'row', reasons.fieldCount(fields.length, header.length));
            }
            importer!.row(fields, line, info);
          },
          fail: (line, column, reason) => st.bad(line, column, reason),
        };
        const progress = (bytes: number, n: number) =>
          opts.onProgress?.({ file: src.name, rows: n, bytes: bytesBefore + bytes, totalBytes });
        const { keyColumns, lookupColumns } = READ[kind];
        const lookup = lookupColumns.length > 0 ? st.customers.entries() : undefined;
        const end = await readCsv(src, sink, {
          keyColumns,
          lookupColumns,
          ...(lookup ? { lookup } : {}),
          signal: opts.signal,
          onChunk: progress,
        });
        if (end === 'cancelled') {
          db.exec('ROLLBACK');
          return { ...result, errorCount, cancelled: true };
        }
        bytesBefore += src.size;
        progress(0, rows);
        // A customers file that could not be read to its end may hold the customers later files name.
        if (kind === 'customers' && end === 'incomplete') st.customersIncomplete = true;
        result.files[kind] = { file: src.name, rows, inserted: 0, updated: 0, unchanged: 0 };
        if (importer) written.push([kind, importer, rows]);
      }
      result.errorCount = errorCount;
      result.ok = errorCount === 0;
      if (result.ok) {
        for (const [kind, importer, rows] of written) Object.assign(result.files[kind]!, importer.finish(rows));
      }
      if (result.ok && !dryRun) {
        audit(db, opts.now(), { actor: opts.actor, action: 'import', entity: 'data', details: { files: result.files } });
        db.exec('COMMIT');
      } else {
        db.exec('ROLLBACK');
      }
      return result;
    } catch (e) {
      throw storeError(e);
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  });
}

/** The store's refusals a user can act on; anything else stays what it is (a bug). */
function storeError(e: unknown): unknown {
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new DomainError('DB_LOCKED', 'the database is locked by another program; close it and try again');
  if (code === 'SQLITE_FULL') return new DomainError('DISK_FULL', 'the disk is full; nothing was imported');
  return e;
}
