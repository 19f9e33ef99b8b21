/** Field checks of spec §9 and the wording of their refusals (the reason part of `file:line: column: reason`). */

/** A value quoted for a message, cut so that one runaway field does not flood the report. */
export function show(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}

const BOOL: Record<string, 0 | 1> = { true: 1, false: 0, '1': 1, '0': 0 };

/** true/false/1/0 in any case, spaces around allowed; undefined when it is none of these. */
export function parseBool(text: string): 0 | 1 | undefined {
  return BOOL[text.trim().toLowerCase()];
}

const POINTS_RE = /^\d+$/;

/** A whole number ≥ 0; null when it is not one. */
export function parsePoints(text: string): number | null {
  const t = text.trim();
  if (!POINTS_RE.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export const reasons = {
  empty: 'empty',
  twice: (what: string, key: string, first: number) => `${what} ${key} appears twice in this file (first on line ${first})`,
  unknownCustomer: (id: string) => `unknown customer ${show(id)} (not in the database nor in this import's customers file)`,
  bool: (v: string) => `${show(v)} is not a boolean (true, false, 1 or 0)`,
  oneOf: (v: string, allowed: readonly string[]) => `${show(v)} is not one of ${allowed.join(', ')}`,
  amount: (v: string) =>
    v.trim() === ''
      ? 'empty (an amount in CNY is required)'
      : `${show(v)} is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)`,
  timestamp: (v: string) =>
    v.trim() === ''
      ? 'empty (a timestamp is required)'
      : `${show(v)} is not a timestamp (2026-05-24, 2026-05-24 07:30:00 or with an offset: 2026-05-24T07:30:00+08:00)`,
  points: (v: string) => `${show(v)} is not a whole number ≥ 0`,
  fieldCount: (got: number, want: number) => `the row has ${got} fields, the header has ${want}`,
  missingColumn: (names: string[]) => `missing column (the header has: ${names.join(', ')})`,
  columnTwice: 'the column appears twice in the header',
};
