import type { Metric } from '@shared/policy';
import {
  BOOLEAN_METRICS,
  check,
  conditionPath,
  newCondition,
  setIn,
  sliderRange,
  updateIn,
  type EditCondition,
  type EditDoc,
} from './model';
import { fillRanges } from './sliderRanges';
import type { EditMode, GetStudio, Schedule, SetStudio, StudioState } from './studioState';

type EditActions = Pick<
  StudioState,
  | 'setName'
  | 'setSetting'
  | 'setCostModel'
  | 'setCondition'
  | 'addCondition'
  | 'removeCondition'
  | 'addRule'
  | 'removeRule'
  | 'setReview'
  | 'setBenefit'
  | 'setPerks'
  | 'setFocus'
  | 'setAsOf'
>;

/** The edits of the document in the studio: each is checked at once and simulated soon. */
export function editActions(set: SetStudio, get: GetStudio, schedule: Schedule): EditActions {
  /** A new document state from an edit: checked at once, simulated soon. */
  function apply(doc: EditDoc, mode: EditMode, extra: Partial<StudioState> = {}, resetTier?: number) {
    set({ doc, checked: check(doc), dirty: true, ranges: fillRanges(get().ranges, doc, resetTier), ...extra });
    schedule(mode);
  }

  const edit = (path: (string | number)[], value: unknown, mode: EditMode, resetTier?: number) => {
    const doc = get().doc;
    if (doc) apply(setIn(doc, path, value), mode, {}, resetTier);
  };

  return {
    setName(name) {
      set({ draftName: name, dirty: true });
    },

    setSetting(field, value, mode) {
      edit([field], value, mode);
    },

    setCostModel(field, value, mode) {
      edit(['costModel', field], value, mode);
    },

    setCondition(f, patch, mode) {
      const doc = get().doc;
      if (!doc) return;
      const path = ['tiers', f.tier, 'rules', f.rule, 'all', f.condition];
      let metricChanged = false;
      const next = updateIn(doc, path, (old) => {
        const c = old as EditCondition;
        const merged = { ...c, ...patch };
        if (patch.metric && patch.metric !== c.metric) {
          metricChanged = true;
          // A yes/no metric takes 1/0 with ==; leaving one keeps the operator and a fresh value.
          if (BOOLEAN_METRICS.has(patch.metric)) Object.assign(merged, { op: '==', value: 1 });
          else if (BOOLEAN_METRICS.has(c.metric))
            Object.assign(merged, { op: '>=', value: sliderRange(patch.metric as Metric, null).max / 4 });
        }
        return merged;
      });
      if (metricChanged) {
        const ranges = { ...get().ranges };
        delete ranges[conditionPath(f.tier, f.rule, f.condition)];
        set({ ranges });
      }
      apply(next, mode, { focus: f });
    },

    addCondition(tier, rule) {
      const doc = get().doc;
      if (!doc) return;
      const n = doc.tiers[tier]!.rules[rule]!.all.length;
      apply(
        updateIn(doc, ['tiers', tier, 'rules', rule, 'all'], (all) => [...(all as EditCondition[]), newCondition()]),
        'drag',
        { focus: { tier, rule, condition: n } },
      );
    },

    removeCondition(f) {
      const doc = get().doc;
      if (!doc) return;
      const focus = get().focus;
      const keepFocus = focus && !(focus.tier === f.tier && focus.rule === f.rule) ? focus : null;
      apply(
        updateIn(doc, ['tiers', f.tier, 'rules', f.rule, 'all'], (all) => (all as EditCondition[]).filter((_, i) => i !== f.condition)),
        'drag',
        { focus: keepFocus },
        f.tier,
      );
    },

    addRule(tier) {
      const doc = get().doc;
      if (!doc) return;
      const n = doc.tiers[tier]!.rules.length;
      apply(
        updateIn(doc, ['tiers', tier, 'rules'], (rules) => [...(rules as unknown[]), { all: [newCondition()] }]),
        'drag',
        { focus: { tier, rule: n, condition: 0 } },
      );
    },

    removeRule(tier, rule) {
      const doc = get().doc;
      if (!doc) return;
      const focus = get().focus;
      apply(
        updateIn(doc, ['tiers', tier, 'rules'], (rules) => (rules as unknown[]).filter((_, i) => i !== rule)),
        'drag',
        { focus: focus && focus.tier !== tier ? focus : null },
        tier,
      );
    },

    setReview(tier, value) {
      edit(['tiers', tier, 'requiresReview'], value, 'drag');
    },

    setBenefit(tier, field, value, mode) {
      edit(['benefits', tier, field], value, mode);
    },

    setPerks(tier, perks) {
      edit(['benefits', tier, 'perks'], perks, 'type');
    },

    setFocus(f) {
      const cur = get().focus;
      if (cur === f || (cur && f && cur.tier === f.tier && cur.rule === f.rule && cur.condition === f.condition)) return;
      set({ focus: f });
      schedule('drag');
    },

    setAsOf(date) {
      set({ asOf: date });
      schedule('drag');
    },
  };
}
