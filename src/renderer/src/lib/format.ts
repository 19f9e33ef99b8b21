import type { Language } from '@shared/api/types';

/**
 * The one place the renderer turns numbers, money, shares and dates into text (Intl-based), so every
 * page writes them alike in both languages:
 *
 * - money is `¥1,500.00` in zh-CN and in English (never `CN¥`), always two decimals;
 * - negative numbers of every kind take the minus sign `−` (U+2212), never a hyphen;
 * - counts carry group separators (`12,345`);
 * - shares have one decimal; a share above 0 but below 0.1% is `<0.1%` (never a misleading `0.0%`),
 *   and one below 100% that would round up is `>99.9%`;
 * - calendar dates carry the year.
 *
 * Money arrives as integer fen (`money`) or as decimal yuan (`yuan`, what policy thresholds and
 * contract snapshots hold); the division is for display only.
 */
export interface Formatters {
  /** Integer fen → `¥1,500.00` · `−¥12.30`. */
  money(fen: number): string;
  /** Same as `money` (the older name; kept for the callers that use it). */
  cny(fen: number): string;
  /** Decimal yuan (a policy threshold, a contract's commitment) → `¥1,500.00`. */
  yuan(cny: number): string;
  /** `¥12万` · `¥120K`, for chart axes. */
  cnyCompact(fen: number): string;
  /** A whole count with separators: `12,345`. */
  count(n: number): string;
  /** A plain number with separators and at most `maxDigits` decimals: `1.5`, `1,234.25`. */
  number(n: number, maxDigits?: number): string;
  /** 0.3421 → `34.2%`; 0.0002 → `<0.1%`. */
  percent(ratio: number): string;
  /** A `YYYY-MM-DD` calendar date (already in the platform time zone): `2026年12月8日` · `Dec 8, 2026`. */
  date(isoDate: string): string;
  /** A calendar date given as epoch ms of its UTC midnight (chart time axes), formatted like `date`. */
  dateMs(ms: number): string;
  /** Chart ticks: like `date` (the year included). */
  dateShort(isoDate: string): string;
  /** `2026年12月` · `Dec 2026`. */
  month(isoDate: string): string;
  /** An instant (epoch ms) shown in the platform time zone. */
  instant(ms: number): string;
}

/** The minus sign of every negative number the UI shows. */
export const MINUS = '\u2212';

/** Intl writes a hyphen-minus for negatives (a number's text holds at most one): one sign everywhere. */
const minus = (text: string): string => text.replace('-', MINUS);

/** `YYYY-MM-DD` → that day's UTC midnight. */
export function isoDateToMs(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

const cache = new Map<string, Formatters>();

export function formatters(lng: Language, zone: string): Formatters {
  const key = `${lng}|${zone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // narrowSymbol: `¥` in every language (en would otherwise write `CN¥`).
  // signDisplay 'negative': what rounds to zero prints `0`, never `−0`.
  const currency = { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', signDisplay: 'negative' } as const;
  const moneyFmt = new Intl.NumberFormat(lng, { ...currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const moneyCompact = new Intl.NumberFormat(lng, { ...currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 });
  const countFmt = new Intl.NumberFormat(lng, { maximumFractionDigits: 0, signDisplay: 'negative' });
  const numberFmts = new Map<number, Intl.NumberFormat>();
  const numberFmt = (digits: number) => {
    let nf = numberFmts.get(digits);
    if (!nf) numberFmts.set(digits, (nf = new Intl.NumberFormat(lng, { maximumFractionDigits: digits, signDisplay: 'negative' })));
    return nf;
  };
  const pct = new Intl.NumberFormat(lng, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' });
  // A calendar date has no time zone of its own: format it as that day at UTC midnight in UTC.
  const day = new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const money = (fen: number) => minus(moneyFmt.format(Math.round(fen) / 100));
  const percent = (r: number): string => {
    if (!Number.isFinite(r)) return '—';
    const abs = Math.abs(r);
    const sign = r < 0 ? MINUS : '';
    if (abs > 0 && abs < 0.001) return `${sign}<${pct.format(0.001)}`;
    if (abs > 0.999 && abs < 1) return `${sign}>${pct.format(0.999)}`;
    return minus(pct.format(r));
  };
  const f: Formatters = {
    money,
    cny: money,
    yuan: (cny) => money(Math.round(cny * 100)),
    cnyCompact: (fen) => minus(moneyCompact.format(fen / 100)),
    count: (n) => minus(countFmt.format(n)),
    number: (n, maxDigits = 2) => minus(numberFmt(maxDigits).format(n)),
    percent,
    date: (iso) => day.format(isoDateToMs(iso)),
    dateMs: (ms) => day.format(ms),
    dateShort: (iso) => day.format(isoDateToMs(iso)),
    month: (iso) => monthFmt.format(isoDateToMs(iso)),
    instant: (ms) => moment.format(new Date(ms)),
  };
  cache.set(key, f);
  return f;
}
