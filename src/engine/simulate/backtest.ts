import { platformZone } from '../db';
import { DomainError } from '../errors';
import { computeMetrics } from '../metrics';
import type { EvaluationRunRow } from '../rows/evaluationRuns';
import { compileClassifier } from '../classify';
import { addMonths, isDate, todayIn } from '../time';
import type { Policy } from '@shared/policy';
import { TIERS, type Tier } from '@shared/tiers';
import type { BacktestMonth, BacktestOutcome as BacktestResult } from '@shared/api/channels/policy';
import type { SimContext, TierCounts } from './engine';

export type { BacktestMonth, BacktestResult };

export interface BacktestOptions {
  /** Default: today in the platform time zone. */
  today?: string;
  now?: () => number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

/**
 * Runs a policy (draft or active) at the first day of each of the last `months` months, oldest
 * first, the current month included. The metrics of each date are built directly, not through the
 * simulation cache: twelve past dates would evict the tables the studio is editing against.
 */
export function backtest(ctx: SimContext, policy: Policy, months = 12, opts: BacktestOptions = {}): BacktestResult {
  if (!Number.isSafeInteger(months) || months < 1 || months > 120)
    throw new DomainError('BAD_BACKTEST', `backtest months must be 1 to 120 (got ${months})`);
  const { db } = ctx;
  const zone = platformZone(db);
  const today = opts.today ?? todayIn(zone, (opts.now ?? Date.now)());
  if (!isDate(today)) throw new DomainError('BAD_DATE', `"${today}" is not a date (YYYY-MM-DD)`);
  const first = `${today.slice(0, 7)}-01`;
  const dates = Array.from({ length: months }, (_, i) => addMonths(first, i - months + 1));
  const classify = compileClassifier(policy);
  const runAt = db.prepare<[string], Pick<EvaluationRunRow, 'id' | 'as_of' | 'policy_version' | 'counts'>>(
    'SELECT id, as_of, policy_version, counts FROM evaluation_runs WHERE as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1',
  );
  const out: BacktestMonth[] = dates.map((date, i) => {
    const m = computeMetrics(db, date, policy.windowMonths, zone);
    const tiers = new Uint8Array(m.n);
    classify(m, m.n, tiers);
    const c = new Float64Array(6);
    for (let k = 0; k < m.n; k++) c[tiers[k]!]!++;
    const counts = Object.fromEntries(TIERS.map((t, j) => [t, c[j]!])) as TierCounts;
    const r = runAt.get(date);
    const actual = r
      ? {
          runId: r.id,
          asOf: r.as_of,
          policyVersion: r.policy_version,
          counts: Object.fromEntries(TIERS.map((t) => [t, (JSON.parse(r.counts) as Partial<Record<Tier, number>>)[t] ?? 0])) as TierCounts,
        }
      : null;
    opts.onProgress?.({ phase: 'backtest', done: i + 1, total: months });
    return { date, counts, actual };
  });
  return { policyName: policy.name, windowMonths: policy.windowMonths, months: out };
}
