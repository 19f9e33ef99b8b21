import { isoDateToMs } from '../../lib/format';

/**
 * Which evaluation dates get a label on the trend's time axis: the first and the last always, the
 * ones between only when at least a tenth of the span away from the previous label, so dates a day
 * apart do not print over each other.
 */
export function dateTicks(dates: readonly string[]): number[] {
  const ms = [...new Set(dates.map(isoDateToMs))].sort((a, b) => a - b);
  if (ms.length <= 2) return ms;
  const gap = (ms.at(-1)! - ms[0]!) / 10;
  const out = [ms[0]!];
  for (const t of ms.slice(1, -1)) if (t - out.at(-1)! >= gap && ms.at(-1)! - t >= gap) out.push(t);
  out.push(ms.at(-1)!);
  return out;
}
