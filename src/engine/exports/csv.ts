import { DateTime } from 'luxon';

/** Languages of the column headers and of the labels inside cells. */
export type ExportLang = 'zh-CN' | 'en';
export type Cell = string | number | null | undefined;

/** One column of a people export: a header per language and how to read its cell from a row. */
export interface Column<R> {
  zh: string;
  en: string;
  cell: (row: R) => Cell;
}

/** Excel reads a CSV as UTF-8 (and so shows Chinese correctly) only when it starts with a BOM. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `-2+3`, `@SUM(…)`, or one
 * hiding those behind a tab or CR) gets a leading apostrophe: shown as text, never evaluated.
 * Numbers the engine writes itself are left as numbers.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field of a people export: neutralised, then quoted when it holds `"`, `,`, CR or LF. */
export function exportField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = neutralise(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 ends every record with CRLF (Excel on every platform reads it). */
export function exportLine(values: readonly Cell[]): string {
  return values.map(exportField).join(',') + '\r\n';
}

/** Chunks of about this many characters keep memory flat and the writes few. */
const CHUNK_CHARS = 1 << 16;

/**
 * A CSV for people: the BOM, the header in `lang`, then one line per row, yielded in chunks so a
 * million rows never become one string.
 */
export function* csvDocument<R>(columns: readonly Column<R>[], rows: Iterable<R>, lang: ExportLang): Generator<string> {
  let chunk = BOM + exportLine(columns.map((c) => (lang === 'zh-CN' ? c.zh : c.en)));
  for (const r of rows) {
    chunk += exportLine(columns.map((c) => c.cell(r)));
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Integer fen as `1234.50` (no grouping: spreadsheets read it as a number). */
export function fenText(fen: number | null | undefined): string | null {
  if (fen === null || fen === undefined) return null;
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Formats instants as local `YYYY-MM-DD HH:mm:ss` in a zone. luxon is asked for the zone offset at
 * both ends of each UTC day; a day whose two offsets agree has no transition, and its instants use
 * that offset directly, so a million rows cost a few thousand zone lookups.
 */
export function instantFormatter(zone: string): (ms: number | null | undefined) => string | null {
  const DAY = 86_400_000;
  const dayOffsets = new Map<number, number | null>();
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  return (ms) => {
    if (ms === null || ms === undefined) return null;
    const day = Math.floor(ms / DAY);
    let off = dayOffsets.get(day);
    if (off === undefined) {
      const start = offsetAt(day * DAY);
      off = start === offsetAt(day * DAY + DAY - 1) ? start : null;
      dayOffsets.set(day, off);
    }
    const d = new Date(ms + (off ?? offsetAt(ms)) * 60_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
}

/**
 * Reads a table a page at a time by a unique, ordered key (keyset paging): no statement stays open
 * between pages, so a slow consumer (a download) never blocks the connection for other work.
 */
export function* keysetPages<R, K>(page: (after: K | undefined, limit: number) => R[], keyOf: (r: R) => K, limit = 2000): Generator<R> {
  let after: K | undefined;
  for (;;) {
    const rows = page(after, limit);
    yield* rows;
    if (rows.length < limit) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
