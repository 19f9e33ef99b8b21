/**
 * "Nice" axis ticks: steps of 1, 2 or 5 × 10^n from 0 to the first tick at or above the maximum, so a
 * count axis reads 0 / 5,000 / 10,000 / 15,000 rather than 0 / 5,500 / 11,000 / 16,500.
 */
export function niceStep(max: number, targetTicks = 4): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const raw = max / Math.max(1, targetTicks);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  // Whole counts: never a step below 1.
  return Math.max(1, step);
}

/** Ticks 0, step, 2·step, … up to the first one at or above `max` (just [0, 1] for an empty axis). */
export function niceTicks(max: number, targetTicks = 4): number[] {
  const step = niceStep(max, targetTicks);
  const ticks = [0];
  while (ticks.at(-1)! < max) ticks.push(ticks.length * step);
  if (ticks.length === 1) ticks.push(step);
  return ticks;
}
