import type { Language } from '@shared/api/types';

/**
 * Locale-aware formatting. Money arrives as integer fen; the division is for display only and a
 * double holds every fen amount below 2^53 exactly enough for two decimals.
 */
export interface Formatters {
  /** `¥1,234.56` (zh-CN) · `CN¥1,234.56` (en). */
  cny(fen: number): string;
  /** `¥12万` · `CN¥120K`, for chart axes. */
  cnyCompact(fen: number): string;
  count(n: number): string;
  /** 0.3421 → `34.2%`. */
  percent(ratio: number): string;
  /** A `YYYY-MM-DD` calendar date (already in the platform time zone). */
  date(isoDate: string): string;
  /** A short `YYYY-MM-DD` for chart ticks: `5月24日` · `May 24`. */
  dateShort(isoDate: string): string;
  /** An instant (epoch ms) shown in the platform time zone. */
  instant(ms: number): string;
}

const cache = new Map<string, Formatters>();

export function formatters(lng: Language, zone: string): Formatters {
  const key = `${lng}|${zone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const money = new Intl.NumberFormat(lng, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const moneyCompact = new Intl.NumberFormat(lng, { style: 'currency', currency: 'CNY', notation: 'compact', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(lng, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(lng, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // A calendar date has no time zone of its own: format it as that day at UTC midnight in UTC.
  const day = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayShort = new Intl.DateTimeFormat(lng, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const asUtc = (iso: string): Date => {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d!));
  };
  const f: Formatters = {
    cny: (fen) => money.format(fen / 100),
    cnyCompact: (fen) => moneyCompact.format(fen / 100),
    count: (n) => count.format(n),
    percent: (r) => pct.format(r),
    date: (iso) => day.format(asUtc(iso)),
    dateShort: (iso) => dayShort.format(asUtc(iso)),
    instant: (ms) => moment.format(new Date(ms)),
  };
  cache.set(key, f);
  return f;
}
