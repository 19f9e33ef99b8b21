import type { ReadableDB } from '../sql/connection';
import { DomainError } from '../errors';
import type { MetricsTable, OnProgress } from '../metrics';
import { addDays, isDate } from '../time';
import type { Policy } from '@shared/policy';
import { fenToCny } from '@shared/money';
import { TIERS, type Tier } from '@shared/tiers';
import { SimulationCache, type Baseline } from './cache';
import { compileScenarioKernel } from './kernel';
import type {
  MigrationMatrix as Matrix,
  SimulationSide as SideSummary,
  SimulationSummary,
  TierCounts,
  TierMoney,
} from '@shared/api/channels/policy';
import { costTable, diffCosts, exactCosts, sumCosts } from './cost';

export type { Matrix, SideSummary, SimulationSummary, TierCounts, TierMoney };

export interface SimContext {
  db: ReadableDB;
  cache: SimulationCache;
  /** Progress of a metrics build (the only slow step: seconds on a million customers). */
  onProgress?: OnProgress;
}

/** A context with its own cache; keep it (one per database connection) so re-simulations stay fast. */
export function simulationContext(db: ReadableDB, cache = new SimulationCache()): SimContext {
  return { db, cache };
}

/** A simulation with its per-customer tiers (positions as in MetricsTable), for paging the movers. */
export interface Simulation {
  summary: SimulationSummary;
  /** Data stamp the simulation was computed at; movers of a stale simulation are refused. */
  stamp: string;
  metrics: MetricsTable;
  /** Shared with the cache: read only. */
  baseline: Uint8Array;
  scenario: Uint8Array;
  assigned: Uint8Array;
}

export interface Inputs {
  stamp: string;
  policyVersion: number;
  active: Policy;
  baseline: Baseline;
  baseMetrics: MetricsTable;
  draftMetrics: MetricsTable;
  assigned: Uint8Array;
  cached: boolean;
}

/**
 * Reads everything but the draft in one read transaction (one snapshot), from the cache when the
 * data stamp has not moved. Each side gets the metrics of its own window.
 */
export function loadInputs(ctx: SimContext, draftWindowMonths: number, asOf: string): Inputs {
  if (!isDate(asOf)) throw new DomainError('BAD_DATE', `as-of "${asOf}" is not a date (YYYY-MM-DD)`);
  const { db, cache } = ctx;
  return db.transaction((): Inputs => {
    const stamp = cache.refresh(db);
    const active = cache.activePolicy(db);
    const before = cache.builds;
    const baseMetrics = cache.metrics(db, asOf, active.policy.windowMonths, ctx.onProgress);
    const draftMetrics = cache.metrics(db, asOf, draftWindowMonths, ctx.onProgress);
    const assigned = cache.assigned(db, baseMetrics);
    const baseline = cache.baseline(active, baseMetrics);
    return {
      stamp,
      policyVersion: active.version,
      active: active.policy,
      baseline,
      baseMetrics,
      draftMetrics,
      assigned,
      cached: cache.builds === before,
    };
  })();
}

/** The metrics of one (as-of, window) at the current data stamp, from the cache. */
export function loadMetrics(ctx: SimContext, asOf: string, windowMonths: number): MetricsTable {
  if (!isDate(asOf)) throw new DomainError('BAD_DATE', `as-of "${asOf}" is not a date (YYYY-MM-DD)`);
  const { db, cache } = ctx;
  return db.transaction((): MetricsTable => {
    cache.refresh(db);
    return cache.metrics(db, asOf, windowMonths, ctx.onProgress);
  })();
}

const zeroCounts = (): TierCounts => Object.fromEntries(TIERS.map((t) => [t, 0])) as TierCounts;

function money(fen: ArrayLike<number>): TierMoney {
  const out = {} as TierMoney;
  let total = 0;
  TIERS.forEach((t, i) => {
    out[t] = fenToCny(fen[i]!);
    total += fen[i]!;
  });
  out.total = fenToCny(total);
  return out;
}

function side(policy: Policy, counts: Float64Array, gmvFen: Float64Array, n: number): SideSummary {
  const c = zeroCounts();
  const share = zeroCounts();
  TIERS.forEach((t, i) => {
    c[t] = counts[i]!;
    share[t] = n ? counts[i]! / n : 0;
  });
  const costs = exactCosts(policy, gmvFen);
  return {
    policyName: policy.name,
    windowMonths: policy.windowMonths,
    counts: c,
    share,
    gmv: money(gmvFen),
    cost: costTable(costs, sumCosts(costs)),
  };
}

/**
 * Classifies every customer under the draft (scenario) with a kernel compiled from it and compares
 * them with the active policy's computed tiers (baseline). Metrics, assignments and the baseline come
 * from the cache (they change only with the data or the active version); no draft tier is ever
 * reused from an earlier simulation.
 */
export function simulate(ctx: SimContext, draft: Policy, asOf: string): Simulation {
  const t0 = performance.now();
  const inp = loadInputs(ctx, draft.windowMonths, asOf);
  const mB = inp.baseMetrics,
    mS = inp.draftMetrics;
  const n = mB.n;
  if (mS.n !== n) throw new Error('metrics tables of one data stamp disagree on the customers');
  const bl = inp.baseline;
  const scenario = new Uint8Array(n);
  // Movers only: the kernel adds the customers whose tier changes; the diagonal is the rest. The
  // annual window does not depend on windowMonths, so either table's annual spend will do.
  const cells = new Float64Array(36),
    gmvCells = new Float64Array(36);
  const protectedDowngrades = compileScenarioKernel(draft)(mS, n, bl.tiers, scenario, inp.assigned, mB.annualFen, cells, gmvCells);
  for (let b = 0; b < 6; b++) {
    let out = 0,
      gmvOut = 0;
    for (let s = 0; s < 6; s++) {
      out += cells[b * 6 + s]!;
      gmvOut += gmvCells[b * 6 + s]!;
    }
    cells[b * 7] = bl.counts[b]! - out;
    gmvCells[b * 7] = bl.gmvFen[b]! - gmvOut;
  }
  const countB = new Float64Array(6),
    countS = new Float64Array(6);
  const gmvB = new Float64Array(6),
    gmvS = new Float64Array(6);
  let upgrades = 0,
    downgrades = 0;
  const matrix = {} as Matrix;
  TIERS.forEach((from, b) => {
    matrix[from] = zeroCounts();
    TIERS.forEach((to, s) => {
      const v = cells[b * 6 + s]!,
        g = gmvCells[b * 6 + s]!;
      matrix[from][to] = v;
      countB[b]! += v;
      countS[s]! += v;
      gmvB[b]! += g;
      gmvS[s]! += g;
      if (s > b) upgrades += v;
      else if (s < b) downgrades += v;
    });
  });

  const base = side(inp.active, countB, gmvB, n);
  const scen = side(draft, countS, gmvS, n);
  const costB = exactCosts(inp.active, gmvB),
    costS = exactCosts(draft, gmvS);
  const costDiff = {} as Record<Tier, ReturnType<typeof diffCosts>>;
  for (const t of TIERS) costDiff[t] = diffCosts(costS[t], costB[t]);
  const gmvDiff = new Float64Array(6).map((_, i) => gmvS[i]! - gmvB[i]!);
  const countDiff = zeroCounts();
  for (const t of TIERS) countDiff[t] = scen.counts[t] - base.counts[t];

  const summary: SimulationSummary = {
    asOf,
    customers: n,
    baseline: { policyVersion: inp.policyVersion, ...base },
    scenario: scen,
    matrix,
    upgrades,
    downgrades,
    protectedDowngrades,
    protectedUntil: addDays(asOf, draft.protectionDays),
    difference: { counts: countDiff, gmv: money(gmvDiff), cost: costTable(costDiff, diffCosts(sumCosts(costS), sumCosts(costB))) },
    engineMs: 0,
    metricsCached: inp.cached,
  };
  summary.engineMs = performance.now() - t0;
  return { summary, stamp: inp.stamp, metrics: mS, baseline: bl.tiers, scenario, assigned: inp.assigned };
}

/** The public JSON of `tierdesk simulate --json` (issue 4), nothing more. */
export function simulationJson(s: SimulationSummary) {
  return {
    asOf: s.asOf,
    baseline: { policyVersion: s.baseline.policyVersion, counts: s.baseline.counts, gmv: s.baseline.gmv, cost: s.baseline.cost },
    scenario: { counts: s.scenario.counts, gmv: s.scenario.gmv, cost: s.scenario.cost },
    matrix: s.matrix,
    upgrades: s.upgrades,
    downgrades: s.downgrades,
    protectedDowngrades: s.protectedDowngrades,
    protectedUntil: s.protectedUntil,
  };
}
