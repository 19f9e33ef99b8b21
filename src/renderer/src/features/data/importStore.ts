import { create } from 'zustand';
import type { ApiError, EvaluationSummary, JobProgress } from '@shared/api';
import {
  PREVIEW_HEAD_CHARS,
  type ImportKind,
  type ImportPreview,
  type ImportProgressEvent,
  type ImportRunResult,
} from '@shared/api/channels/data';
import { api } from '../../lib/api';
import { useAppStore } from '../../app/store';
import type { Mark } from './helpers';
import { newUploadId, uploadFiles } from './upload';

export interface PickedFile {
  key: number;
  file: File;
  /** The kind it is imported as; null until recognised or chosen. */
  kind: ImportKind | null;
  preview: ImportPreview | null;
  previewError: ApiError | null;
}

type Stage = 'idle' | 'uploading' | 'running';

interface Staged {
  uploadId: string;
  /** The file object staged on the server for each kind. */
  files: Partial<Record<ImportKind, File>>;
}

interface ImportState {
  files: PickedFile[];
  stage: Stage;
  /** What the running (or last) run is. */
  dryRun: boolean;
  upload: { sent: number; total: number } | null;
  progress: ImportProgressEvent | null;
  /** The first and the latest row-reading events (rows/s and ETA count from the first, not from the backup). */
  firstMark: Mark | null;
  lastMark: Mark | null;
  cancelling: boolean;
  result: ImportRunResult | null;
  error: ApiError | null;
  staged: Staged | null;
  evaluating: boolean;
  evaluationProgress: JobProgress | null;
  evaluation: EvaluationSummary | null;
  evaluationError: ApiError | null;
  addFiles(files: File[]): Promise<void>;
  setKind(key: number, kind: ImportKind): Promise<void>;
  remove(key: number): void;
  clear(): void;
  run(dryRun: boolean): Promise<void>;
  cancel(): Promise<void>;
  evaluate(): Promise<void>;
}

let nextKey = 1;
/** Set by cancel() while files are still uploading: the upload stops between chunks. */
let stopUpload = false;

const cancelledResult = (dryRun: boolean): ImportRunResult => ({
  ok: false,
  dryRun,
  cancelled: true,
  files: {},
  errors: [],
  errorCount: 0,
  backup: null,
  rows: 0,
  elapsedMs: 0,
});

/** The result, errors and evaluation of a run describe the files it ran on: a change of files drops them. */
const FRESH = { result: null, error: null, evaluation: null, evaluationError: null, evaluationProgress: null } as const;

async function readPreview(file: File, kind?: ImportKind): Promise<{ preview: ImportPreview | null; previewError: ApiError | null }> {
  const head = await file.slice(0, PREVIEW_HEAD_CHARS).text();
  const r = await api.importPreview({
    name: file.name.slice(0, 255) || 'file.csv',
    head: head.slice(0, PREVIEW_HEAD_CHARS),
    partial: file.size > PREVIEW_HEAD_CHARS,
    ...(kind ? { kind } : {}),
  });
  return r.ok ? { preview: r.value, previewError: null } : { preview: null, previewError: r.error };
}

export const useImportStore = create<ImportState>((set, get) => {
  const patch = (key: number, p: Partial<PickedFile>) => set({ files: get().files.map((f) => (f.key === key ? { ...f, ...p } : f)) });
  return {
    files: [],
    stage: 'idle',
    dryRun: true,
    upload: null,
    progress: null,
    firstMark: null,
    lastMark: null,
    cancelling: false,
    result: null,
    error: null,
    staged: null,
    evaluating: false,
    evaluationProgress: null,
    evaluation: null,
    evaluationError: null,

    async addFiles(list) {
      const added = list.map((file) => ({ key: nextKey++, file, kind: null, preview: null, previewError: null }) satisfies PickedFile);
      set({ files: [...get().files, ...added], ...FRESH });
      await Promise.all(
        added.map(async (f) => {
          const p = await readPreview(f.file);
          const kind = p.preview?.detected ?? null;
          // A newly dropped file of a kind replaces the one chosen before (a corrected export).
          const files = get().files.filter((o) => !(kind !== null && o.kind === kind && o.key !== f.key));
          set({ files: files.map((o) => (o.key === f.key ? { ...o, ...p, kind } : o)) });
        }),
      );
    },

    async setKind(key, kind) {
      set({ files: get().files.map((f) => (f.key === key ? { ...f, kind } : f.kind === kind ? { ...f, kind: null } : f)), ...FRESH });
      const f = get().files.find((x) => x.key === key);
      if (f) patch(key, await readPreview(f.file, kind));
    },

    remove(key) {
      set({ files: get().files.filter((f) => f.key !== key), ...FRESH });
    },

    clear() {
      const staged = get().staged;
      if (staged) void api.importDiscard({ uploadId: staged.uploadId });
      set({ files: [], staged: null, progress: null, upload: null, ...FRESH });
    },

    async run(dryRun) {
      if (get().stage !== 'idle') return;
      const chosen = get().files.filter((f): f is PickedFile & { kind: ImportKind } => f.kind !== null);
      if (chosen.length === 0) return;
      stopUpload = false;
      set({ stage: 'uploading', dryRun, upload: null, progress: null, firstMark: null, lastMark: null, cancelling: false, ...FRESH });

      // The staged copy is reused when it holds exactly these files (a check, then the real import).
      let staged = get().staged;
      const kinds = chosen
        .map((f) => f.kind)
        .sort()
        .join();
      if (!staged || Object.keys(staged.files).sort().join() !== kinds) {
        if (staged) void api.importDiscard({ uploadId: staged.uploadId });
        staged = { uploadId: newUploadId(), files: {} };
      }
      const current = staged;
      const toSend = chosen.filter((f) => current.files[f.kind] !== f.file);
      let sent = await uploadFiles(
        api,
        current.uploadId,
        toSend.map((f) => ({ kind: f.kind, name: f.file.name.slice(0, 255) || `${f.kind}.csv`, blob: f.file })),
        (s, total) => set({ upload: { sent: s, total } }),
        () => stopUpload,
      );
      if (sent === null && stopUpload) sent = 'stopped';
      if (sent !== null) {
        void api.importDiscard({ uploadId: current.uploadId });
        set({
          stage: 'idle',
          staged: null,
          cancelling: false,
          ...(sent === 'stopped' ? { result: cancelledResult(dryRun) } : { error: sent }),
        });
        return;
      }
      const nowStaged: Staged = {
        uploadId: current.uploadId,
        files: { ...current.files, ...Object.fromEntries(toSend.map((f) => [f.kind, f.file])) },
      };
      set({ stage: 'running', staged: nowStaged });

      const r = await api.importRun({ uploadId: nowStaged.uploadId, dryRun }, (p) => {
        const e = p as ImportProgressEvent;
        if (e.phase === 'backup') return set({ progress: e });
        const mark: Mark = { at: Date.now(), rows: e.rows, done: e.done };
        set({ progress: e, lastMark: mark, ...(get().firstMark === null ? { firstMark: mark } : {}) });
      });
      if (!r.ok) {
        set({ stage: 'idle', cancelling: false, error: r.error, ...(r.error.code === 'UPLOAD_NOT_FOUND' ? { staged: null } : {}) });
        return;
      }
      // After a real import the server has removed its copy.
      set({ stage: 'idle', cancelling: false, result: r.value, staged: r.value.ok && !dryRun ? null : nowStaged });
      if (r.value.ok && !dryRun) void useAppStore.getState().loadInfo();
    },

    async cancel() {
      const stage = get().stage;
      if (stage === 'idle') return;
      set({ cancelling: true });
      if (stage === 'uploading') stopUpload = true;
      else await api.importCancel();
    },

    async evaluate() {
      if (get().evaluating) return;
      set({ evaluating: true, evaluationProgress: null, evaluation: null, evaluationError: null });
      const r = await api.evaluationRun({}, (p) => set({ evaluationProgress: p }));
      set({ evaluating: false, ...(r.ok ? { evaluation: r.value } : { evaluationError: r.error }) });
      void useAppStore.getState().loadInfo();
    },
  };
});
