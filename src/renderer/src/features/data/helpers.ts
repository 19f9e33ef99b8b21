import type { ImportRowError } from '@shared/api/channels/data';

/** 1536 → `1.5 KB`; powers of 1024, as file managers show sizes. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** A point of the import's progress: when, rows read, bytes read. */
export interface Mark {
  at: number;
  rows: number;
  done: number;
}

export interface Speed {
  rowsPerSecond: number;
  /** Seconds left at the byte rate so far. */
  etaSeconds: number;
}

/** Below this the rate is noise (a first chunk of a megabyte is read in a millisecond). */
const MIN_SPAN_MS = 300;

/**
 * Rows/s and time left between the first progress event of the reading (`from`) and the latest
 * (`to`), of `total` bytes; null until they are far enough apart to say.
 */
export function speed(from: Mark, to: Mark, total: number): Speed | null {
  const ms = to.at - from.at;
  if (ms < MIN_SPAN_MS || to.done <= from.done) return null;
  const bytesPerMs = (to.done - from.done) / ms;
  return { rowsPerSecond: ((to.rows - from.rows) * 1000) / ms, etaSeconds: Math.max(0, Math.ceil((total - to.done) / bytesPerMs / 1000)) };
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field of a CSV a person opens in a spreadsheet: formula-like text neutralised, quoted when needed. */
function field(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The bad rows of a dry run as a CSV for Excel (BOM, CRLF), headers in the UI language. */
export function errorsCsv(errors: readonly ImportRowError[], headers: [string, string, string, string]): string {
  const lines = [headers, ...errors.map((e) => [e.file, e.line, e.column, e.reason] as const)];
  return '\uFEFF' + lines.map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';
}

export function fromBase64(data: string): Uint8Array {
  const s = atob(data);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
