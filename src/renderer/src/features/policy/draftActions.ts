import { SEED_001_PRESET, SEED_POLICY } from '@shared/policy';
import { api } from '../../lib/api';
import { check, editDocFromUnknown, editDocOf, type EditDoc } from './model';
import { fillRanges } from './sliderRanges';
import type { GetStudio, Schedule, SetStudio, StudioState } from './studioState';

type DraftActions = Pick<StudioState, 'init' | 'refreshDrafts' | 'startFrom' | 'openDraft' | 'save' | 'deleteCurrentDraft' | 'publish'>;

/** Where the studio's document comes from and goes to: the active policy, the seeds, saved drafts, a publish. */
export function draftActions(set: SetStudio, get: GetStudio, schedule: Schedule): DraftActions {
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

  return {
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
  };
}
