/** Decimal CNY as the spec allows it: digits, optionally a point and one or two digits. */
const CNY_RE = /^(\d+)(?:\.(\d{1,2}))?$/;

/** Parses a decimal CNY amount into integer fen; null when the text is not an allowed amount. */
export function parseCnyToFen(text: string): number | null {
  const m = CNY_RE.exec(text.trim());
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  const fen = whole * 100 + frac;
  return Number.isSafeInteger(fen) ? fen : null;
}

/** A CNY value with at most two decimals (a policy threshold, a commitment) as integer fen. */
export function cnyToFen(cny: number): number {
  return Math.round(cny * 100);
}

/** Fen to a CNY number rounded to the fen (for JSON output). */
export function fenToCny(fen: number): number {
  return Math.round(fen) / 100;
}

/** `1,000.00` — grouping and two decimals, locale-independent (CLI and explain texts). */
export function formatFen(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % 100).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}
