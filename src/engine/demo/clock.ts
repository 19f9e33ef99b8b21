import { DateTime } from 'luxon';
import { addDays, daysBetween, startOfDate } from '../time';

const PAD2: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${PAD2[Math.floor(abs / 60)]}:${PAD2[abs % 60]}`;
}

/**
 * Local wall-clock text for instants in a zone over a fixed span of days. Millions of timestamps are
 * formatted, so each day's start and offset come from luxon once; on the few days whose offset changes
 * (DST) luxon formats each instant itself and the writer always adds the offset, since a wall time in
 * a repeated hour would not read back as the same instant.
 */
export class LocalClock {
  readonly first: number;
  readonly end: number;
  private readonly starts: Float64Array;
  private readonly dates: string[];
  /** Offset in minutes of a day with one offset throughout; NaN on a transition day. */
  private readonly offsets: Float64Array;

  constructor(
    readonly zone: string,
    firstDay: string,
    lastDay: string,
  ) {
    const days = daysBetween(firstDay, lastDay) + 1;
    this.starts = new Float64Array(days + 1);
    this.dates = new Array<string>(days);
    this.offsets = new Float64Array(days);
    for (let d = 0; d <= days; d++) this.starts[d] = startOfDate(addDays(firstDay, d), zone);
    for (let d = 0; d < days; d++) {
      this.dates[d] = addDays(firstDay, d);
      const a = DateTime.fromMillis(this.starts[d]!, { zone }).offset;
      const b = DateTime.fromMillis(this.starts[d + 1]! - 1, { zone }).offset;
      this.offsets[d] = a === b && this.starts[d + 1]! - this.starts[d]! === 86_400_000 ? a : NaN;
    }
    this.first = this.starts[0]!;
    this.end = this.starts[days]!;
  }

  private dayOf(ms: number): number {
    let lo = 0,
      hi = this.dates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** True when the instant falls on a day whose offset changes. */
  irregular(ms: number): boolean {
    return Number.isNaN(this.offsets[this.dayOf(ms)]!);
  }

  /** `YYYY-MM-DD HH:mm:ss` in the zone (instants are whole seconds). */
  local(ms: number): string {
    const d = this.dayOf(ms);
    if (Number.isNaN(this.offsets[d]!)) return DateTime.fromMillis(ms, { zone: this.zone }).toFormat('yyyy-MM-dd HH:mm:ss');
    const s = Math.floor((ms - this.starts[d]!) / 1000);
    return `${this.dates[d]} ${PAD2[Math.floor(s / 3600)]}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}`;
  }

  /** `YYYY-MM-DDTHH:mm:ss+08:00`: the same instant with its offset. */
  withOffset(ms: number): string {
    const d = this.dayOf(ms);
    const off = this.offsets[d]!;
    if (Number.isNaN(off)) return DateTime.fromMillis(ms, { zone: this.zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
    const s = Math.floor((ms - this.starts[d]!) / 1000);
    return `${this.dates[d]}T${PAD2[Math.floor(s / 3600)]}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}${offsetText(off)}`;
  }
}
