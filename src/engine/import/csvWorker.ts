/**
 * CSV reading on a worker thread. csv-parse alone costs about half of what SQLite spends inserting
 * the same rows, so on one thread an import could not reach 70% of the bare-INSERT rate (issue 2);
 * on a second thread parsing overlaps the main thread's checks and writes. The worker also does
 * the per-row work that needs only the raw fields: duplicate keys and customer id lookups.
 *
 * The worker runs `csvWorker` from its source text (eval), which works the same under vitest, the
 * esbuild CLI bundle and the Electron build without a separate entry file. So `csvWorker` must use
 * nothing from outside its own body: modules come in through `load`, classes as arguments (their
 * source text goes along), data through workerData.
 */
import { KeySet, StringMap } from './collections';

/** What the worker gets. */
export interface CsvWorkerInit {
  /** Resolved path of csv-parse's CommonJS build. */
  csvParse: string;
  /** The file to read, or its content. */
  file?: string;
  data?: Uint8Array;
  chunkSize: number;
  /** Batches posted and not yet acknowledged before the worker waits (bounds memory). */
  window: number;
  /** Header names whose raw values together are the record's key (checked for repeats), or none. */
  keyColumns: string[];
  /** Header names whose values are looked up in lookupKeys → lookupValues (0 when absent). */
  lookupColumns: string[];
  lookupKeys: string[];
  lookupValues: Int32Array;
}

/**
 * A batch of records: their fields concatenated in `text`; `fieldLengths` per field; `records`
 * (start line, field count) per record; `firstLines` per record, the line of the earlier record
 * with the same key or 0; `lookups`, lookupColumns.length values per record. Blank records are
 * left out; the first record of the file is the header (with 0s in firstLines and lookups).
 */
export interface CsvBatch {
  type: 'rows';
  text: string;
  fieldLengths: Uint32Array;
  records: Uint32Array;
  firstLines: Uint32Array;
  lookups: Int32Array;
  /** Bytes of the file read so far. */
  bytes: number;
}

export type CsvWorkerMessage =
  | CsvBatch
  | { type: 'syntax'; line: number; code: string; message: string }
  | { type: 'encoding'; line: number; offset: number }
  | { type: 'unreadable'; message: string }
  | { type: 'end'; bytes: number };

/** `load` is the eval script's `require`, passed in by name: bundlers rewrite a literal `require` in the function's text. */
function csvWorker(load: NodeJS.Require, KeySetClass: typeof KeySet, StringMapClass: typeof StringMap): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const fs = load('node:fs') as typeof import('node:fs');
  const init = workerData as CsvWorkerInit;
  const { Parser } = load(init.csvParse) as typeof import('csv-parse');
  const port = parentPort!;
  const post = (m: CsvWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  let credits = init.window;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    wake?.();
    wake = undefined;
  });

  const table = new StringMapClass();
  for (let i = 0; i < init.lookupKeys.length; i++) table.set(init.lookupKeys[i]!, init.lookupValues[i]!);
  const seen = new KeySetClass();
  const nLookups = init.lookupColumns.length;
  let keyAt: number[] = [];
  let lookupAt: number[] = [];

  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (init.data) {
      for (let at = 0; at < init.data.length; at += init.chunkSize) yield init.data.subarray(at, at + init.chunkSize);
    } else {
      for await (const c of fs.createReadStream(init.file!, { highWaterMark: init.chunkSize })) yield c as Buffer;
    }
  }

  /** Index of the first byte that cannot be part of well-formed UTF-8, or -1 (a sequence cut by the chunk end is not). */
  function firstInvalidUtf8(b: Uint8Array): number {
    let i = 0;
    while (i < b.length) {
      const c = b[i]!;
      if (c < 0x80) {
        i++;
        continue;
      }
      const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
      if (n === 0) return i;
      if (i + n >= b.length) return -1;
      const c1 = b[i + 1]!;
      if ((c1 & 0xc0) !== 0x80) return i;
      if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
      for (let k = 2; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
      i += n + 1;
    }
    return -1;
  }

  /** Line breaks inside quoted fields; a CRLF is one. csv-parse's own count takes a CRLF there for two. */
  function embeddedBreaks(fields: string[]): number {
    let n = 0;
    for (const f of fields) {
      if (f.indexOf('\n') === -1 && f.indexOf('\r') === -1) continue;
      for (let j = 0; j < f.length; j++) {
        const c = f.charCodeAt(j);
        if (c === 10 || (c === 13 && f.charCodeAt(j + 1) !== 10)) n++;
      }
    }
    return n;
  }

  /** The key of a record, or '' when a key field is empty or missing (such a row is refused anyway). */
  function keyOf(fields: string[]): string {
    if (keyAt.length === 1) return fields[keyAt[0]!] ?? '';
    let key = '';
    for (const i of keyAt) {
      const f = fields[i];
      if (!f) return '';
      // Length-prefixed so that no two lists of values spell the same key.
      key += `${f.length}:${f}`;
    }
    return key;
  }

  async function main(): Promise<void> {
    const parser = new Parser({ bom: true, relax_column_count: true });
    let nextLine = 1;
    let header = true;
    let parts: string[] = [];
    let lengths: number[] = [];
    let records: number[] = [];
    let firsts: number[] = [];
    let lookups: number[] = [];
    let failed: { code: string; message: string } | undefined;
    parser.on('data', (fields: string[]) => {
      const line = nextLine;
      nextLine += 1 + embeddedBreaks(fields);
      if (fields[0] === '' && fields.every((f) => f.trim() === '')) return;
      records.push(line, fields.length);
      for (const f of fields) {
        parts.push(f);
        lengths.push(f.length);
      }
      if (header) {
        header = false;
        const names = fields.map((f) => f.trim().toLowerCase());
        const at = (c: string) => names.indexOf(c);
        // A missing column stops the import at the header; no need to look anything up then.
        if (init.keyColumns.every((c) => at(c) >= 0)) keyAt = init.keyColumns.map(at);
        if (init.lookupColumns.every((c) => at(c) >= 0)) lookupAt = init.lookupColumns.map(at);
        firsts.push(0);
        for (let i = 0; i < nLookups; i++) lookups.push(0);
        return;
      }
      const key = keyAt.length === 0 ? '' : keyOf(fields);
      firsts.push(key === '' ? 0 : seen.add(key, line));
      for (let i = 0; i < nLookups; i++) lookups.push(i < lookupAt.length ? (table.get(fields[lookupAt[i]!] ?? '') ?? 0) : 0);
    });
    parser.on('error', (e: Error & { code?: string }) => {
      // The first error is the one in the data; writes after it only fail on the destroyed stream.
      failed ??= { code: e.code ?? '', message: e.message };
    });
    // Flowing mode before the first write: from then on records reach the listener during write().
    await new Promise((resolve) => setImmediate(resolve));

    const flush = async (bytes: number) => {
      if (records.length > 0) {
        const batch: CsvBatch = {
          type: 'rows',
          text: parts.join(''),
          fieldLengths: Uint32Array.from(lengths),
          records: Uint32Array.from(records),
          firstLines: Uint32Array.from(firsts),
          lookups: Int32Array.from(lookups),
          bytes,
        };
        post(batch, [batch.fieldLengths.buffer, batch.records.buffer, batch.firstLines.buffer, batch.lookups.buffer] as ArrayBuffer[]);
        parts = [];
        lengths = [];
        records = [];
        firsts = [];
        lookups = [];
        credits--;
      }
      while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
    };

    const decoder = new TextDecoder('utf-8', { fatal: true });
    let bytes = 0;
    const notUtf8 = async (offset: number) => {
      let line = 1;
      let seenBytes = 0;
      for await (const c of chunks()) {
        const end = Math.min(c.length, offset - seenBytes);
        for (let i = c.indexOf(10); i !== -1 && i < end; i = c.indexOf(10, i + 1)) line++;
        seenBytes += c.length;
        if (seenBytes >= offset) break;
      }
      await flush(bytes);
      post({ type: 'encoding', line, offset });
    };
    try {
      for await (const chunk of chunks()) {
        if (failed) break;
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          const at = firstInvalidUtf8(chunk);
          return await notUtf8(bytes + (at < 0 ? chunk.length : at));
        }
        bytes += chunk.length;
        parser.write(chunk);
        await flush(bytes);
      }
    } catch (e) {
      return post({ type: 'unreadable', message: (e as Error).message });
    }
    if (!failed) {
      try {
        decoder.decode();
      } catch {
        return await notUtf8(bytes);
      }
      const ended = new Promise((resolve) => {
        parser.on('end', resolve);
        parser.on('error', resolve);
      });
      parser.end();
      await ended;
    }
    await flush(bytes);
    if (failed) return post({ type: 'syntax', line: nextLine, ...failed });
    post({ type: 'end', bytes });
  }

  // Done once main() settles: nothing else keeps the thread alive then.
  void main().then(() => port.unref());
}

/** The worker's program. */
export const CSV_WORKER_SOURCE = `(${csvWorker.toString()})(require, ${KeySet.toString()}, ${StringMap.toString()})`;
