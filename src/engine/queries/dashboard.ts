import type { ReadableDB } from '../sql/connection';
import { count } from '../sql/connection';
import type { EvaluationRunRow } from '../rows/evaluationRuns';
import { addDays, addMonths } from '../time';
import { TIERS, isTier, type Tier } from '@shared/tiers';
import type { GmvShare, TierDistribution, TrendPoint } from '@shared/api/types';

/** `SELECT tier, count(*) AS n … GROUP BY tier` (tier is text: a row with an unknown tier is skipped). */
type TierCountRow = { tier: string; n: number };

const zeros = (): Record<Tier, number> => Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** Assigned tier of every customer; a customer without an assignment row was never evaluated: none. */
export function tierDistribution(db: ReadableDB): TierDistribution {
  const counts = zeros();
  const total = count(db, 'SELECT count(*) AS n FROM customers');
  let assigned = 0;
  for (const r of db.prepare<[], TierCountRow>('SELECT tier, count(*) AS n FROM assignments GROUP BY tier').all()) {
    if (isTier(r.tier)) counts[r.tier] += r.n;
    assigned += r.n;
  }
  counts.none += total - assigned;
  return { total, tiers: TIERS.map((tier) => ({ tier, count: counts[tier], share: share(counts[tier], total) })) };
}

export interface LastRun {
  asOf: string;
  finishedAt: number;
  policyVersion: number;
  actor: string;
}

export function lastEvaluation(db: ReadableDB): LastRun | null {
  const r = db
    .prepare<[], LastRun>(
      'SELECT as_of AS asOf, finished_at AS finishedAt, policy_version AS policyVersion, actor FROM evaluation_runs ORDER BY as_of DESC, id DESC LIMIT 1',
    )
    .get();
  return r ?? null;
}

/**
 * Paid GMV of the 12 months up to the last evaluation (customer_metrics.annual_fen, the annual window
 * of that run) per currently assigned tier, beside each tier's share of customers.
 */
export function gmvShare(db: ReadableDB): GmvShare {
  const last = lastEvaluation(db);
  const customers = zeros();
  const gmv = zeros();
  const totalCustomers = count(db, 'SELECT count(*) AS n FROM customers');
  let assigned = 0;
  const rows = db
    .prepare<[], TierCountRow & { fen: number }>(
      `SELECT a.tier AS tier, count(*) AS n, coalesce(sum(m.annual_fen), 0) AS fen
         FROM assignments a LEFT JOIN customer_metrics m ON m.cust = a.cust
        GROUP BY a.tier`,
    )
    .all();
  for (const r of rows) {
    if (!isTier(r.tier)) continue;
    customers[r.tier] += r.n;
    gmv[r.tier] += r.fen;
    assigned += r.n;
  }
  // Customers without an assignment are `none`; their metrics (if any) still count as GMV.
  customers.none += totalCustomers - assigned;
  gmv.none += db
    .prepare<[], { fen: number }>(
      'SELECT coalesce(sum(m.annual_fen), 0) AS fen FROM customer_metrics m WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.cust = m.cust)',
    )
    .get()!.fen;
  const totalGmvFen = TIERS.reduce((s, t) => s + gmv[t], 0);
  return {
    asOf: last?.asOf ?? null,
    from: last ? addDays(addMonths(last.asOf, -12), 1) : null,
    totalCustomers,
    totalGmvFen,
    tiers: TIERS.map((tier) => ({
      tier,
      customers: customers[tier],
      customerShare: share(customers[tier], totalCustomers),
      gmvFen: gmv[tier],
      gmvShare: share(gmv[tier], totalGmvFen),
    })),
  };
}

/** The latest run of each as-of date, oldest first; at most `limit` dates (the most recent ones). */
export function runsTrend(db: ReadableDB, limit = 365): TrendPoint[] {
  const rows = db
    .prepare<[number], Pick<EvaluationRunRow, 'id' | 'as_of' | 'policy_version' | 'finished_at' | 'counts'>>(
      `SELECT r.id, r.as_of, r.policy_version, r.finished_at, r.counts
         FROM evaluation_runs r
        WHERE r.id = (SELECT max(id) FROM evaluation_runs x WHERE x.as_of = r.as_of)
        ORDER BY r.as_of DESC
        LIMIT ?`,
    )
    .all(limit);
  return rows.reverse().map((r) => {
    const counts = zeros();
    const stored = JSON.parse(r.counts) as Record<string, number>;
    for (const t of TIERS) counts[t] = stored[t] ?? 0;
    return { asOf: r.as_of, runId: r.id, policyVersion: r.policy_version, finishedAt: r.finished_at, counts };
  });
}

export function openReviewCount(db: ReadableDB): number {
  return count(db, "SELECT count(*) AS n FROM reviews WHERE status = 'open'");
}
