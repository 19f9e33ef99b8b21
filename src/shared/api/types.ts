import type { Tier } from '../tiers';

/**
 * Shapes that cross the API boundary. They live in src/shared because the renderer may import only
 * src/shared; the server's handlers return engine values that must stay assignable to these.
 */

export type Language = 'zh-CN' | 'en';

export interface AppInfo {
  /** Absolute path of the open database file. */
  dbPath: string;
  /** True while the database holds generated demo data (not the platform's real customers). */
  demo: boolean;
  /** How the console is running: the Electron window or the browser mode server. */
  mode: 'electron' | 'browser';
  /** Platform time zone (IANA), e.g. Asia/Shanghai. Dates in the UI are shown in it. */
  zone: string;
  /** Today in the platform time zone, YYYY-MM-DD. */
  today: string;
  schemaVersion: number;
  appVersion: string;
  /** The most recent evaluation run, or null when the database was never evaluated. */
  lastEvaluation: { asOf: string; finishedAt: number; policyVersion: number; actor: string } | null;
}

export interface TierCount {
  tier: Tier;
  count: number;
  /** count / total, 0..1 (0 when there are no customers). */
  share: number;
}

export interface TierDistribution {
  /** Every customer in the database; one never evaluated counts as `none`. */
  total: number;
  /** One entry per tier, in tier order (none → supreme), zeros included. */
  tiers: TierCount[];
}

export interface TierGmvShare {
  tier: Tier;
  customers: number;
  /** customers / all customers, 0..1. */
  customerShare: number;
  /** Paid GMV of the last 12 months, in fen. */
  gmvFen: number;
  /** gmvFen / total GMV, 0..1 (0 when there is no GMV). */
  gmvShare: number;
}

export interface GmvShare {
  /** Date the 12 months end on (the last evaluation's as-of date); null when never evaluated. */
  asOf: string | null;
  /** First day of the 12 months, YYYY-MM-DD; null when never evaluated. */
  from: string | null;
  totalCustomers: number;
  totalGmvFen: number;
  /** One entry per tier, in tier order, zeros included. */
  tiers: TierGmvShare[];
}

export interface TrendPoint {
  asOf: string;
  runId: number;
  policyVersion: number;
  finishedAt: number;
  /** Assigned tiers after that run. */
  counts: Record<Tier, number>;
}

export interface ReviewCount {
  /** Reviews with status open (customers waiting for a human decision on a higher tier). */
  open: number;
}

/** What `tierdesk evaluate --json` prints; the summary of one evaluation run. */
/** What an evaluation run did (spec §6): assigned tiers after the run, as the CLI, the console and the run row report it. */
export interface EvaluationSummary {
  runId: number;
  asOf: string;
  policyVersion: number;
  counts: Record<Tier, number>;
  /** Annual-window GMV per assigned tier, in 分. */
  gmvFen: Record<Tier, number>;
  customers: number;
  pendingReviews: number;
  upgrades: number;
  downgrades: number;
  protected: number;
  warnings: string[];
}

export interface Settings {
  language: Language;
  /** Name recorded as the actor of audited changes; null until the operator gave it. */
  operatorName: string | null;
}

/** Progress of a long-running call: `done` of `total` units of the named phase. */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}
