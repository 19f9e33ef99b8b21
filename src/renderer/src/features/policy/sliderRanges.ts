import { conditionPath, sliderRange, widen, type EditDoc, type SliderRange } from './model';

/** Every condition gets a slider span; `reset` drops the spans of a tier whose conditions moved. */
export function fillRanges(prev: Record<string, SliderRange>, doc: EditDoc, resetTier?: number): Record<string, SliderRange> {
  const out: Record<string, SliderRange> = {};
  doc.tiers.forEach((t, ti) =>
    t.rules.forEach((r, ri) =>
      r.all.forEach((c, ci) => {
        const p = conditionPath(ti, ri, ci);
        const old = resetTier === ti ? undefined : prev[p];
        out[p] = old ? widen(old, c.metric, c.value) : sliderRange(c.metric, c.value);
      }),
    ),
  );
  return out;
}
