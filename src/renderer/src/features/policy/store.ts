import { create } from 'zustand';
import type { ApiError } from '@shared/api';
import type {
  DraftSummary,
  MoverDirection,
  MoverPage,
  PolicyVersion,
  PublishOutcome,
  SimulationOutcome,
  SimulationProgress,
} from '@shared/api/channels/policy';
import { SEED_001_PRESET, SEED_POLICY, type Metric } from '@shared/policy';
import { RANKED_TIERS, type RankedTier, type Tier } from '@shared/tiers';
import { api } from '../../lib/api';
import {
  BOOLEAN_METRICS,
  SWEEP_STEPS,
  check,
  conditionPath,
  editDocFromUnknown,
  editDocOf,
  newCondition,
  setIn,
  sliderRange,
  updateIn,
  widen,
  type BenefitNumber,
  type Checked,
  type EditCondition,
  type EditDoc,
  type SliderRange,
} from './model';

export type StartKind = 'active' | 'seed000' | 'seed001';
/** How an edit reaches the simulation: a drag or a key step runs at once (then at most every 150 ms), typing waits for a pause. */
export type EditMode = 'drag' | 'type';

export interface Focus {
  tier: number;
  rule: number;
  condition: number;
}

export interface MoversQuery {
  search: string;
  direction: MoverDirection | null;
  from: Tier | null;
  to: Tier | null;
}

export const MOVERS_PAGE = 50;
const PACE_MS = 150;

interface StudioState {
  active: PolicyVersion | null;
  loadError: ApiError | null;
  drafts: DraftSummary[];

  /** The document being edited; null until the page has loaded the active policy. */
  doc: EditDoc | null;
  checked: Checked;
  /** Changes whenever another document is loaded: answers for an older one are dropped. */
  generation: number;
  draftId: number | null;
  draftName: string;
  basedOnVersion: number | null;
  updatedAt: number | null;
  dirty: boolean;
  /** Slider spans by condition path. */
  ranges: Record<string, SliderRange>;
  /** The condition whose threshold is being edited: the sweep chart follows it. */
  focus: Focus | null;
  /** null: today in the platform time zone. */
  asOf: string | null;

  result: SimulationOutcome | null;
  /** runKey of the request `result` answers. */
  resultKey: string | null;
  simError: ApiError | null;
  /** A metrics build the server reported (the first simulation of a date). */
  building: SimulationProgress | null;
  /** Browser-side time of the last simulation call, request to answer. */
  roundTripMs: number | null;
  /** Answers applied so far (the panels carry it, so a test or a user can tell an update happened). */
  applied: number;
  moversQuery: MoversQuery;
  movers: MoverPage | null;
  moversLoading: boolean;

  init(): Promise<void>;
  refreshDrafts(): Promise<void>;
  startFrom(kind: StartKind): void;
  openDraft(id: number): Promise<ApiError | null>;
  setName(name: string): void;
  setSetting(field: 'windowMonths' | 'protectionDays' | 'reviewCooldownDays', value: number | null, mode: EditMode): void;
  setCostModel(field: 'discountShare' | 'pointValue', value: number | null, mode: EditMode): void;
  setCondition(f: Focus, patch: Partial<EditCondition>, mode: EditMode): void;
  addCondition(tier: number, rule: number): void;
  removeCondition(f: Focus): void;
  addRule(tier: number): void;
  removeRule(tier: number, rule: number): void;
  setReview(tier: number, value: boolean): void;
  setBenefit(tier: RankedTier, field: BenefitNumber, value: number | null, mode: EditMode): void;
  setPerks(tier: RankedTier, perks: string[]): void;
  setFocus(f: Focus | null): void;
  setAsOf(date: string | null): void;
  setMoversQuery(q: Partial<MoversQuery>): void;
  loadMoversPage(offset: number): Promise<void>;
  save(asNew: boolean, name?: string): Promise<ApiError | null>;
  deleteCurrentDraft(): Promise<ApiError | null>;
  publish(reason: string): Promise<{ ok: true; value: PublishOutcome } | { ok: false; error: ApiError }>;
  simulateNow(): void;
}

const EMPTY_CHECK: Checked = { policy: null, byPath: new Map(), all: [] };

/** Every condition gets a slider span; `reset` drops the spans of a tier whose conditions moved. */
function fillRanges(prev: Record<string, SliderRange>, doc: EditDoc, resetTier?: number): Record<string, SliderRange> {
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

/** What a simulation request depends on; equal keys give equal answers. */
function runRequest(s: StudioState) {
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

// ---------------------------------------------------------------- the simulation pacer

// One request in flight at a time, always for the latest edit: answers arrive in the order asked,
// so none is ever older than what is shown, and a drag never queues work on the server.
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;
let again = false;
let lastSent = -Infinity;

export const useStudioStore = create<StudioState>((set, get) => {
  function schedule(mode: EditMode) {
    if (mode === 'type') {
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, PACE_MS);
      return;
    }
    if (timer) return; // the pending call reads the state when it fires
    timer = setTimeout(fire, Math.max(0, lastSent + PACE_MS - performance.now()));
  }

  function fire() {
    timer = null;
    if (inFlight) {
      again = true;
      return;
    }
    void send();
  }

  async function send() {
    const s = get();
    const request = runRequest(s);
    if (!request) return;
    const key = runKey(s)!;
    if (key === s.resultKey && !s.simError) return;
    const generation = s.generation;
    const q = s.moversQuery;
    inFlight = true;
    lastSent = performance.now();
    const t0 = lastSent;
    const r = await api.simulationRun(
      {
        ...request,
        movers: {
          limit: MOVERS_PAGE,
          ...(q.search.trim() ? { search: q.search } : {}),
          ...(q.direction ? { direction: q.direction } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        },
      },
      (p) => set({ building: p }),
    );
    inFlight = false;
    if (get().generation === generation) {
      if (r.ok)
        set({
          result: r.value,
          resultKey: key,
          simError: null,
          building: null,
          roundTripMs: performance.now() - t0,
          movers: r.value.movers,
          applied: get().applied + 1,
        });
      else set({ simError: r.error, resultKey: key, building: null });
    }
    if (again) {
      again = false;
      fire();
    }
  }

  /** A new document state from an edit: checked at once, simulated soon. */
  function apply(doc: EditDoc, mode: EditMode, extra: Partial<StudioState> = {}, resetTier?: number) {
    set({ doc, checked: check(doc), dirty: true, ranges: fillRanges(get().ranges, doc, resetTier), ...extra });
    schedule(mode);
  }

  function load(doc: EditDoc, meta: Pick<StudioState, 'draftId' | 'draftName' | 'basedOnVersion' | 'updatedAt'>) {
    set({
      doc,
      checked: check(doc),
      generation: get().generation + 1,
      ...meta,
      dirty: false,
      ranges: fillRanges({}, doc),
      focus: null,
      result: null,
      resultKey: null,
      simError: null,
      movers: null,
    });
    schedule('drag');
  }

  const edit = (path: (string | number)[], value: unknown, mode: EditMode, resetTier?: number) => {
    const doc = get().doc;
    if (doc) apply(setIn(doc, path, value), mode, {}, resetTier);
  };

  return {
    active: null,
    loadError: null,
    drafts: [],
    doc: null,
    checked: EMPTY_CHECK,
    generation: 0,
    draftId: null,
    draftName: '',
    basedOnVersion: null,
    updatedAt: null,
    dirty: false,
    ranges: {},
    focus: null,
    asOf: null,
    result: null,
    resultKey: null,
    simError: null,
    building: null,
    roundTripMs: null,
    applied: 0,
    moversQuery: { search: '', direction: null, from: null, to: null },
    movers: null,
    moversLoading: false,

    async init() {
      const [active, drafts] = await Promise.all([api.policyActive(), api.draftsList()]);
      if (!active.ok) {
        set({ loadError: active.error });
        return;
      }
      set({ active: active.value, loadError: null, ...(drafts.ok ? { drafts: drafts.value } : {}) });
      if (!get().doc) get().startFrom('active');
      // Back on the page: the data or the active policy may have changed meanwhile (an import, an
      // evaluation, a publish from the command line), so the same draft is simulated again.
      else get().simulateNow();
    },

    async refreshDrafts() {
      const r = await api.draftsList();
      if (r.ok) set({ drafts: r.value });
    },

    startFrom(kind) {
      const active = get().active;
      const policy = kind === 'seed000' ? SEED_POLICY : kind === 'seed001' ? SEED_001_PRESET : active?.policy;
      if (!policy) return;
      load(editDocOf(policy), { draftId: null, draftName: '', basedOnVersion: active?.version ?? null, updatedAt: null });
      // A fresh start is not yet a draft: saving it asks for a name.
      set({ dirty: kind !== 'active' });
    },

    async openDraft(id) {
      const r = await api.draftsGet({ id });
      if (!r.ok) return r.error;
      const d = r.value;
      const doc = d.policy ? editDocOf(d.policy) : editDocFromUnknown(d.document);
      if (!doc)
        return { code: 'DRAFT_SHAPE', message: `draft "${d.name}" does not have five tiers of rules (${d.issues.slice(0, 3).join('; ')})` };
      load(doc, { draftId: d.id, draftName: d.name, basedOnVersion: d.basedOnVersion, updatedAt: d.updatedAt });
      return null;
    },

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

    setMoversQuery(q) {
      set({ moversQuery: { ...get().moversQuery, ...q } });
      void get().loadMoversPage(0);
    },

    async loadMoversPage(offset) {
      const { result, moversQuery: q, generation } = get();
      if (!result) return;
      set({ moversLoading: true });
      const r = await api.simulationMovers({
        simulationId: result.simulationId,
        offset,
        limit: MOVERS_PAGE,
        ...(q.search.trim() ? { search: q.search } : {}),
        ...(q.direction ? { direction: q.direction } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
      // A newer simulation (or document) came in meanwhile: its own first page is already shown.
      if (get().generation !== generation || get().result?.simulationId !== result.simulationId) return;
      if (r.ok) set({ movers: r.value, moversLoading: false });
      else {
        set({ moversLoading: false });
        // The data changed or the server dropped the run: simulate again, with the query.
        if (r.error.code === 'SIMULATION_STALE' || r.error.code === 'SIMULATION_NOT_FOUND') {
          set({ resultKey: null });
          schedule('drag');
        } else set({ simError: r.error });
      }
    },

    async save(asNew, name) {
      const s = get();
      if (!s.doc) return null;
      const finalName = (name ?? s.draftName).trim();
      const r = await api.draftsSave({
        ...(asNew || s.draftId === null ? {} : { id: s.draftId, ifUpdatedAt: s.updatedAt ?? undefined }),
        name: finalName,
        document: s.doc as unknown as Record<string, unknown>,
        basedOnVersion: s.basedOnVersion,
      });
      if (!r.ok) return r.error;
      set({ draftId: r.value.id, draftName: r.value.name, updatedAt: r.value.updatedAt, dirty: false });
      await get().refreshDrafts();
      return null;
    },

    async deleteCurrentDraft() {
      const id = get().draftId;
      if (id === null) return null;
      const r = await api.draftsDelete({ id });
      if (!r.ok) return r.error;
      set({ draftId: null, updatedAt: null, dirty: true });
      await get().refreshDrafts();
      return null;
    },

    async publish(reason) {
      const s = get();
      if (!s.doc || !s.active) return { ok: false, error: { code: 'NOT_READY', message: 'the active policy is not loaded yet' } };
      const r = await api.policyPublish({
        document: s.doc as unknown as Record<string, unknown>,
        reason,
        expectedVersion: s.active.version,
      });
      if (!r.ok) return r;
      const active = await api.policyActive();
      if (active.ok) set({ active: active.value, basedOnVersion: active.value.version, resultKey: null });
      schedule('drag');
      return r;
    },

    simulateNow() {
      set({ resultKey: null });
      schedule('drag');
    },
  };
});
