import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors';
import { CSV_WORKER_SOURCE, type CsvWorkerInit, type CsvWorkerMessage } from './csvWorker';
import type { OpenedSource } from './source';

export interface CsvSink {
  /** The header row, names trimmed and lower-cased; false stops reading (the sink said why). */
  header(names: string[]): boolean;
  /**
   * One record; `line` is the physical line it starts on (the header is line 1). `fields` and
   * `info` are reused for the next record.
   */
  row(fields: string[], line: number, info: RowInfo): void;
  /** A problem that is not about one column of a well-formed row. */
  fail(line: number, column: string, reason: string): void;
}

/** What the reader found out about a record besides its fields (see ReadOptions). */
export interface RowInfo {
  /** The line of an earlier record with the same key, else 0. */
  firstLine: number;
  /** Per lookup column, the value its field has in the lookup table, 0 when it has none. */
  ids: number[];
}

export interface ReadOptions {
  /** Header names whose values together are a record's key, checked for repeats. */
  keyColumns?: string[];
  /** Header names whose values are looked up in `lookup` (customer ids, say). */
  lookupColumns?: string[];
  lookup?: { keys: string[]; values: Int32Array };
  signal?: AbortSignal;
  /** After each batch: bytes of this file read so far and records so far. */
  onChunk?(bytes: number, records: number): void;
}

/** How reading ended: every row read, stopped early (a bad header, a syntax or encoding error: reported), or cancelled. */
export type ReadEnd = 'complete' | 'incomplete' | 'cancelled';

/** Large enough that per-batch work (messages, progress, cancellation checks) costs nothing. */
const CHUNK = 1 << 20;
/** Batches the worker may run ahead of the main thread. */
const WINDOW = 8;

const SYNTAX: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (a missing closing ")',
  CSV_INVALID_CLOSING_QUOTE:
    'a closing quote must be followed by a comma or the end of the line (write "" for a quote inside a quoted field)',
  CSV_INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and write "" for the quote)',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote must be followed by a comma or the end of the line',
};

let csvParsePath: string | undefined;

/**
 * Reads one CSV file with csv-parse on a worker thread (see csvWorker.ts): UTF-8 (a BOM is
 * skipped, anything not UTF-8 is refused), LF, CRLF or CR, RFC 4180 quotes; blank rows (only
 * empty fields) are skipped. The sink runs on this thread, one batch at a time.
 */
export function readCsv(src: OpenedSource, sink: CsvSink, opts: ReadOptions = {}): Promise<ReadEnd> {
  csvParsePath ??= createRequire(import.meta.url).resolve('csv-parse');
  const lookupColumns = opts.lookupColumns ?? [];
  const init: CsvWorkerInit = {
    csvParse: csvParsePath,
    chunkSize: CHUNK,
    window: WINDOW,
    keyColumns: opts.keyColumns ?? [],
    lookupColumns,
    lookupKeys: opts.lookup?.keys ?? [],
    lookupValues: opts.lookup?.values ?? new Int32Array(0),
    ...(src.file ? { file: src.file } : { data: src.data! }),
  };
  const worker = new Worker(CSV_WORKER_SOURCE, { eval: true, workerData: init });
  let started = false;
  let records = 0;
  const fields: string[] = [];
  const info: RowInfo = { firstLine: 0, ids: new Array<number>(lookupColumns.length).fill(0) };
  const nIds = lookupColumns.length;

  return new Promise<ReadEnd>((resolve, reject) => {
    let settled = false;
    const settle = (end: ReadEnd | Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    worker.on('error', (e) => settle(e));
    worker.on('exit', () => settle(new Error(`${src.name}: the CSV reader stopped before the end of the file`)));
    worker.on('message', (m: CsvWorkerMessage) => {
      if (settled) return;
      try {
        switch (m.type) {
          case 'rows': {
            const { text, fieldLengths, records: recs, firstLines, lookups } = m;
            let pos = 0;
            let f = 0;
            for (let r = 0, k = 0; r < recs.length; r += 2, k++) {
              const n = recs[r + 1]!;
              if (fields.length !== n) fields.length = n;
              for (let i = 0; i < n; i++) {
                const len = fieldLengths[f++]!;
                fields[i] = text.substring(pos, pos + len);
                pos += len;
              }
              if (!started) {
                started = true;
                if (!sink.header(fields.map((x) => x.trim().toLowerCase()))) return settle('incomplete');
                continue;
              }
              records++;
              info.firstLine = firstLines[k]!;
              for (let i = 0; i < nIds; i++) info.ids[i] = lookups[k * nIds + i]!;
              sink.row(fields, recs[r]!, info);
            }
            opts.onChunk?.(m.bytes, records);
            if (opts.signal?.aborted) return settle('cancelled');
            // Ack from the check phase, not from the message handler: the worker runs ahead, and
            // answering at once would keep this port busy forever, starving timers and the message
            // that carries a cancel (the abort would never be seen until the file ended).
            setImmediate(() => {
              if (opts.signal?.aborted) settle('cancelled');
              else worker.postMessage('ack');
            });
            return;
          }
          case 'syntax':
            sink.fail(m.line, 'row', `${SYNTAX[m.code] ?? m.message}; the rest of the file was not read`);
            return settle('incomplete');
          case 'encoding':
            sink.fail(
              m.line,
              'row',
              `not UTF-8 text (byte ${m.offset + 1} of the file); save it as UTF-8 (Excel: "CSV UTF-8"), not GBK/ANSI`,
            );
            return settle('incomplete');
          case 'unreadable':
            return settle(new DomainError('IMPORT_FILE_UNREADABLE', `${src.file ?? src.name}: cannot be read (${m.message})`));
          case 'end':
            if (!started) {
              sink.fail(1, 'header', 'the file is empty (a header row is required)');
              return settle('incomplete');
            }
            return settle('complete');
        }
      } catch (e) {
        settle(e as Error);
      }
    });
  });
}
