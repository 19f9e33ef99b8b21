import { DateTime, IANAZone } from 'luxon';

export const DEFAULT_ZONE = 'Asia/Shanghai';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  return DATE_RE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}

/** The date of an instant in a zone, `YYYY-MM-DD`. */
export function dateOf(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
}

/** Today in the platform time zone. */
export function todayIn(zone: string, now: number): string {
  return dateOf(now, zone);
}

/** 00:00 of a date in a zone, as epoch ms. */
export function startOfDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

export function addMonths(date: string, months: number): string {
  // luxon clamps to the last day of a shorter month (08-31 minus 6 months is 02-28), as §3 requires.
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ months }).toISODate()!;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'UTC' }).diff(DateTime.fromISO(a, { zone: 'UTC' }), 'days').days);
}

export interface Windows {
  asOf: string;
  /** 00:00 of the day after as-of: events at or after it do not exist for the evaluation. */
  end: number;
  /** Start of the rolling window (inclusive). */
  windowStart: number;
  /** Start of the annual window (inclusive). */
  annualStart: number;
  windowFirstDay: string;
  annualFirstDay: string;
}

/** Window bounds of spec §3 for as-of day D. */
export function windowsFor(asOf: string, windowMonths: number, zone: string): Windows {
  const windowFirstDay = addDays(addMonths(asOf, -windowMonths), 1);
  const annualFirstDay = addDays(addMonths(asOf, -12), 1);
  return {
    asOf,
    end: startOfDate(addDays(asOf, 1), zone),
    windowStart: startOfDate(windowFirstDay, zone),
    annualStart: startOfDate(annualFirstDay, zone),
    windowFirstDay,
    annualFirstDay,
  };
}

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a timestamp of spec §2 into epoch ms, or null when it is not one. With an offset it is an
 * instant; without one (or a bare date, 00:00) it is read in `zone`. The zone offset of each local
 * hour is cached because imports read millions of timestamps from a few thousand distinct hours.
 */
export class TimestampParser {
  private readonly offsets = new Map<number, number>();
  constructor(readonly zone: string) {}

  parse(text: string): number | null {
    const m = TS_RE.exec(text.trim());
    if (!m) return null;
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac, off] = m;
    if (off && m[4] === undefined) return null; // a bare date with an offset is not a form the spec allows
    const year = +y!,
      month = +mo!,
      day = +d!,
      hour = +h,
      minute = +mi,
      second = +s;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    if (day > 28 && new Date(utc).getUTCDate() !== day) return null; // 02-30 and the like
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    if (off) {
      if (off === 'Z') return utc + ms;
      const sign = off[0] === '-' ? -1 : 1;
      const digits = off.slice(1).replace(':', '');
      const oh = +digits.slice(0, 2),
        om = digits.length > 2 ? +digits.slice(2, 4) : 0;
      if (oh > 23 || om > 59) return null;
      return utc + ms - sign * (oh * 60 + om) * 60_000;
    }
    // The local hour as a number (hours since 1970 on the wall clock): a small-integer Map key.
    const key = (utc - minute * 60_000 - second * 1000) / 3_600_000;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      const local = DateTime.fromObject({ year, month, day, hour }, { zone: this.zone });
      offset = local.offset;
      this.offsets.set(key, offset);
    }
    return utc + ms - offset * 60_000;
  }
}
