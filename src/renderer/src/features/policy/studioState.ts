import type { StoreApi } from 'zustand';
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
import type { RankedTier, Tier } from '@shared/tiers';
import type { BenefitNumber, Checked, EditCondition, EditDoc, SliderRange } from './model';

// The policy studio's state and actions, as the store and its parts (edits, drafts, the simulation pacer) see it.

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

export interface StudioState {
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

export type SetStudio = StoreApi<StudioState>['setState'];
export type GetStudio = StoreApi<StudioState>['getState'];
/** Asks for a simulation of the current state, paced by how the edit was made. */
export type Schedule = (mode: EditMode) => void;
