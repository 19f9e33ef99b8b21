import { z } from 'zod';
import type { Policy } from '../../policy';
import { RANKED_TIERS, TIERS, type Tier } from '../../tiers';
import { channel, date, noInput } from '../define';

/** Channels of one domain: policy versions, drafts, simulation, sweep, backtest (issue 4). */

// The shapes below cross the API boundary, so they live here (the renderer may import only
// src/shared); the engine (drafts.ts, simulate/) imports them rather than declaring its own, and
// src/engine/policies.ts's values must stay assignable to theirs, which the handlers' `satisfies` checks.

// ---------------------------------------------------------------- policies and drafts

export interface PolicyVersion {
  version: number;
  /** The stored document with defaults filled in. */
  policy: Policy;
  publishedAt: number;
  actor: string;
  reason: string | null;
}

export interface PolicyVersionSummary {
  version: number;
  name: string;
  publishedAt: number;
  actor: string;
  reason: string | null;
}

export interface PublishOutcome {
  version: number;
  publishedAt: number;
  /** File name of the backup taken just before publishing (in the database's backup folder). */
  backup: string;
}

/**
 * Policy drafts of the studio. A draft may be saved while it is invalid: a manager keeps a
 * half-edited draft (a rule without conditions yet, a threshold being typed) and comes back to it.
 * Validity is therefore reported, not enforced: every read returns the `checkPolicy` issues and, when
 * there are none, the policy with defaults filled in. Simulating or publishing needs a valid one.
 */
export interface DraftSummary {
  id: number;
  name: string;
  basedOnVersion: number | null;
  createdAt: number;
  updatedAt: number;
  actor: string;
  valid: boolean;
  issueCount: number;
}

export interface DraftDetail extends DraftSummary {
  /** The document as saved (not defaults-filled); may be invalid. */
  document: Record<string, unknown>;
  /** checkPolicy issues, `path: message`. */
  issues: string[];
  /** The validated policy with defaults, or null while the draft has issues. */
  policy: Policy | null;
}

// ---------------------------------------------------------------- simulation

export type TierCounts = Record<Tier, number>;
/** CNY rounded to the fen, per tier and in total. */
export type TierMoney = Record<Tier | 'total', number>;
export type MigrationMatrix = Record<Tier, Record<Tier, number>>;
export const COST_FIGURES = ['discount', 'rebate', 'points', 'feeRevenue', 'net'] as const;
export type CostFigure = (typeof COST_FIGURES)[number];
/** CNY rounded to the fen; net = feeRevenue − discount − rebate − points (spec §7). */
export type CostFigures = Record<CostFigure, number>;
export interface CostTable {
  byTier: Record<Tier, CostFigures>;
  total: CostFigures;
}

export interface SimulationSide {
  policyName: string;
  windowMonths: number;
  counts: TierCounts;
  /** counts / customers (0 when there are no customers). */
  share: Record<Tier, number>;
  /** Annual spend (spec §4 annualSpend) of the customers in each tier (CNY). */
  gmv: TierMoney;
  cost: CostTable;
}

/** Computed tiers only (protection, reviews and overrides ignored): the steady state. */
export interface SimulationSummary {
  asOf: string;
  customers: number;
  /** The active policy's computed tiers. */
  baseline: SimulationSide & { policyVersion: number };
  /** The draft's computed tiers. */
  scenario: SimulationSide;
  /** matrix[active (baseline) tier][draft (scenario) tier], all 36 cells. */
  matrix: MigrationMatrix;
  upgrades: number;
  downgrades: number;
  /** Downgrades the protection period would delay: customers whose assigned tier (none without an assignment) is above their draft tier. */
  protectedDowngrades: number;
  /** as-of + the draft's protectionDays: when those protections would end. */
  protectedUntil: string;
  /** draft − active (scenario − baseline). */
  difference: { counts: TierCounts; gmv: TierMoney; cost: CostTable };
  /** Engine time of this call in ms (includes a metrics build when one was needed). */
  engineMs: number;
  /** True when the metrics came from the cache. */
  metricsCached: boolean;
}

export type MoverDirection = 'up' | 'down';

export interface MoverRow {
  customerId: string;
  name: string;
  /** Computed tier under the active policy. */
  from: Tier;
  /** Computed tier under the draft. */
  to: Tier;
  /** What the customer holds now (none without an assignment). */
  assigned: Tier;
  /** CNY. */
  annualSpend: number;
  cumulativeSpend: number;
}

export interface MoverPage {
  /** Movers matching the query (all pages). */
  total: number;
  offset: number;
  limit: number;
  rows: MoverRow[];
}

export interface SweepPoint {
  value: number;
  /** Scenario computed tiers with the condition's value set to `value`. */
  counts: TierCounts;
}

export interface SweepOutcome {
  tier: (typeof RANKED_TIERS)[number];
  rule: number;
  condition: number;
  points: SweepPoint[];
  engineMs: number;
}

export interface SimulationOutcome {
  /** Names this simulation for simulation:movers and simulation:moversCsv (the server keeps the latest few). */
  simulationId: string;
  summary: SimulationSummary;
  /** The first page of the movers matching the query given with the run. */
  movers: MoverPage;
  /** The sweep asked for with the run, computed against the same draft; null when none was asked. */
  sweep: SweepOutcome | null;
  /** Server time of the whole call in ms (simulation, movers page, sweep). */
  serverMs: number;
}

/** A progress event of simulation:run (metrics build phases) and simulation:backtest (`backtest`, months done). */
export interface SimulationProgress {
  phase: string;
  done: number;
  total: number;
}

export interface PreparedMoversCsv {
  exportId: string;
  /** `movers-20261123.csv` */
  fileName: string;
  /** Movers written. */
  rows: number;
  /** Characters of the whole text. */
  chars: number;
}

export interface MoversCsvChunk {
  /** CSV text (UTF-8 with a BOM at the start of the first chunk). */
  data: string;
  /** Offset of the next chunk, or null when this was the last (the prepared text is then dropped). */
  next: number | null;
}

export interface BacktestMonth {
  /** First day of the month: the as-of date the policy was run at. */
  date: string;
  /** Computed tiers under the policy with the metrics as of `date`. */
  counts: TierCounts;
  /** Assigned counts of the latest evaluation run at `date` or the nearest date before it. */
  actual: { runId: number; asOf: string; policyVersion: number; counts: TierCounts } | null;
}

export interface BacktestOutcome {
  policyName: string;
  windowMonths: number;
  /** Oldest first. */
  months: BacktestMonth[];
}

// ---------------------------------------------------------------- inputs

/** A policy document as JSON (validated by the handler with checkPolicy, which names every problem's place). */
const policyDocument = z.record(z.string(), z.unknown());
const draftId = z.number().int().min(1);
const tierId = z.enum(TIERS);
const moverFilter = {
  search: z.string().max(200).optional(),
  direction: z.enum(['up', 'down']).optional(),
  from: tierId.optional(),
  to: tierId.optional(),
};
const simulationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be a simulation id from simulation:run' });
const sweepTarget = {
  tier: z.enum(RANKED_TIERS),
  rule: z.number().int().min(0),
  condition: z.number().int().min(0),
};
const sweepRange = z
  .object({
    ...sweepTarget,
    from: z.number().finite(),
    to: z.number().finite(),
    steps: z.number().int().min(2).max(200),
  })
  .strict();

export const POLICY_CHANNELS = {
  'policy:active': channel<PolicyVersion>()({
    kind: 'read',
    input: noInput,
    summary: 'the active policy (the latest published version) with defaults filled in',
  }),
  'policy:versions': channel<PolicyVersionSummary[]>()({
    kind: 'read',
    input: noInput,
    summary: 'every published policy version, newest first (name, when, who, why)',
  }),
  'policy:get': channel<PolicyVersion>()({
    kind: 'read',
    input: z.object({ version: z.number().int().min(1) }).strict(),
    summary: 'one published policy version',
  }),
  'policy:publish': channel<PublishOutcome>()({
    kind: 'write',
    input: z
      .object({
        document: policyDocument,
        reason: z.string().trim().min(1, { message: 'must not be empty' }).max(1000),
        /** The active version the publisher compared against; refused when another was published since. */
        expectedVersion: z.number().int().min(1),
      })
      .strict(),
    summary:
      'backs the database up, then publishes a policy document as the next version (actor and reason recorded); it applies at the next evaluation',
  }),
  'drafts:list': channel<DraftSummary[]>()({
    kind: 'read',
    input: noInput,
    summary: 'saved policy drafts, most recently edited first, with whether each is valid',
  }),
  'drafts:get': channel<DraftDetail>()({
    kind: 'read',
    input: z.object({ id: draftId }).strict(),
    summary: 'one draft: its document as saved, its problems, and the policy when it has none',
  }),
  'drafts:save': channel<DraftDetail>()({
    kind: 'write',
    input: z
      .object({
        id: draftId.optional(),
        name: z.string().max(200),
        document: policyDocument,
        basedOnVersion: z.number().int().min(1).nullable().optional(),
        /** The updatedAt the editor loaded: a save over a newer version is refused. */
        ifUpdatedAt: z.number().int().optional(),
      })
      .strict(),
    summary: 'creates (no id) or updates a named draft; an invalid draft is kept with its problems',
  }),
  'drafts:delete': channel<{ deleted: number }>()({
    kind: 'write',
    input: z.object({ id: draftId }).strict(),
    summary: 'deletes a draft',
  }),
  'simulation:run': channel<SimulationOutcome>()({
    kind: 'read',
    input: z
      .object({
        document: policyDocument,
        /** Default: today in the platform time zone. */
        asOf: date.optional(),
        /** The movers page to return with the run (default: first 50, no filter). */
        movers: z
          .object({ ...moverFilter, limit: z.number().int().min(1).max(1000).optional() })
          .strict()
          .optional(),
        sweep: sweepRange.optional(),
      })
      .strict(),
    progress: true,
    summary:
      'what-if: classifies every customer under a draft and under the active policy (computed tiers): counts, migration matrix, GMV, cost model, the movers, optionally a sweep; the first call per date builds the metrics (progress), later ones take milliseconds',
  }),
  'simulation:movers': channel<MoverPage>()({
    kind: 'read',
    input: z
      .object({
        simulationId,
        ...moverFilter,
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    summary: 'one page of the customers a simulation moves (search by id or name, direction, from/to tier)',
  }),
  'simulation:moversCsv': channel<PreparedMoversCsv>()({
    kind: 'read',
    input: z.object({ simulationId, ...moverFilter }).strict(),
    summary:
      'prepares every mover of a simulation matching the filter as CSV for people (BOM, formula-like cells neutralised), to read with simulation:moversCsvRead',
  }),
  'simulation:moversCsvRead': channel<MoversCsvChunk>()({
    kind: 'read',
    input: z.object({ exportId: simulationId, offset: z.number().int().min(0) }).strict(),
    summary: 'one chunk of a prepared movers CSV; it is dropped after its last chunk',
  }),
  'simulation:sweep': channel<SweepOutcome>()({
    kind: 'read',
    input: z.object({ document: policyDocument, asOf: date.optional(), sweep: sweepRange }).strict(),
    summary: "counts per tier at evenly spaced values of one condition of a draft (the draft's other rules unchanged)",
  }),
  'simulation:backtest': channel<BacktestOutcome>()({
    kind: 'read',
    input: z
      .object({
        /** Absent: the active policy. */
        document: policyDocument.optional(),
        months: z.number().int().min(1).max(36).optional(),
      })
      .strict(),
    progress: true,
    summary:
      'runs a policy (a draft, or the active one) at the first day of each of the last months (default 12) beside the assigned counts of the evaluation runs',
  }),
};

/** Error codes the policy studio explains in its own words. */
export const POLICY_ERROR_CODES = [
  'POLICY_INVALID',
  'POLICY_CHANGED',
  'DRAFT_NOT_FOUND',
  'DRAFT_NAME',
  'DRAFT_NAME_TAKEN',
  'DRAFT_CHANGED',
  'DRAFT_DOCUMENT',
  'DRAFT_BASE',
  'SIMULATION_NOT_FOUND',
  'SIMULATION_STALE',
  'SWEEP_TARGET',
  'POLICY_NOT_FOUND',
] as const;
