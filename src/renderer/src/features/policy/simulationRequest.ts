import { RANKED_TIERS } from '@shared/tiers';
import { SWEEP_STEPS, conditionPath, type EditDoc, type SliderRange } from './model';
import type { Focus, StudioState } from './studioState';

/** What a simulation request depends on; equal keys give equal answers. */
export function runRequest(s: StudioState) {
  const policy = s.checked.policy;
  if (!s.doc || !policy) return null;
  const f = s.focus;
  const c = f ? s.doc.tiers[f.tier]?.rules[f.rule]?.all[f.condition] : undefined;
  const range = f && c ? s.ranges[conditionPath(f.tier, f.rule, f.condition)] : undefined;
  const sweep =
    f && c && range
      ? { tier: RANKED_TIERS[f.tier]!, rule: f.rule, condition: f.condition, from: range.min, to: range.max, steps: SWEEP_STEPS }
      : undefined;
  return {
    document: s.doc as unknown as Record<string, unknown>,
    ...(s.asOf ? { asOf: s.asOf } : {}),
    ...(sweep ? { sweep } : {}),
  };
}

let lastKey: {
  doc: EditDoc | null;
  policy: unknown;
  asOf: string | null;
  focus: Focus | null;
  ranges: Record<string, SliderRange>;
  key: string | null;
} | null = null;

/** runRequest as text, recomputed only when one of its inputs changed (every component asks on every store change). */
export function runKey(s: StudioState): string | null {
  const k = lastKey;
  if (k && k.doc === s.doc && k.policy === s.checked.policy && k.asOf === s.asOf && k.focus === s.focus && k.ranges === s.ranges)
    return k.key;
  const r = runRequest(s);
  const key = r && JSON.stringify(r);
  lastKey = { doc: s.doc, policy: s.checked.policy, asOf: s.asOf, focus: s.focus, ranges: s.ranges, key };
  return key;
}
