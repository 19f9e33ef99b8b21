import type { ReadableDB, WritableDB } from './sql/connection';
import { count, scan } from './sql/connection';
import type { EvaluationRunRow } from './rows/evaluationRuns';
import type { ReviewRow } from './rows/reviews';
import type { OverrideRow } from './rows/overrides';
import { platformZone } from './db';
import { audit } from './audit';
import { DomainError } from './errors';
import { computeMetrics, type MetricsTable, type OnProgress } from './metrics';
import { compileClassifier } from './classify';
import { getActivePolicy } from './policies';
import { addDays, todayIn } from './time';
import { TIERS, tierOrder, type Tier } from '@shared/tiers';
import type { EvaluationSummary } from '@shared/api/types';
import { runContractExpiry } from './contracts/index';
import { assignmentWriter } from './assignments';

export type { EvaluationSummary };

export interface EvaluateOptions {
  asOf?: string;
  now: () => number;
  actor: string;
  onProgress?: OnProgress;
}

type Cause = 'evaluation' | 'protection_expiry' | 'policy';

interface State {
  tier: Uint8Array;
  computed: Uint8Array;
  pending: Uint8Array; // 0 = none
  protectedUntil: (string | null)[];
  since: (string | null)[];
  overrideId: Float64Array; // 0 = none
  hasRow: Uint8Array;
}

function loadState(db: ReadableDB, m: MetricsTable): State {
  const n = m.n;
  const s: State = {
    tier: new Uint8Array(n),
    computed: new Uint8Array(n),
    pending: new Uint8Array(n),
    protectedUntil: new Array(n).fill(null),
    since: new Array(n).fill(null),
    overrideId: new Float64Array(n),
    hasRow: new Uint8Array(n),
  };
  const pos = positionIndex(m);
  for (const [cust, tier, computed, pending, prot, since, ov] of scan<
    [number, Tier, Tier, Tier | null, string | null, string | null, number | null]
  >(db, 'SELECT cust, tier, computed_tier, pending_tier, protected_until, since, override_id FROM assignments')) {
    const k = pos(cust);
    s.hasRow[k] = 1;
    s.tier[k] = tierOrder(tier);
    s.computed[k] = tierOrder(computed);
    s.pending[k] = pending ? tierOrder(pending) : 0;
    s.protectedUntil[k] = prot;
    s.since[k] = since;
    s.overrideId[k] = ov ?? 0;
  }
  return s;
}

export function positionIndex(m: MetricsTable): (cust: number) => number {
  const max = m.n ? m.ids[m.n - 1]! : 0;
  const pos = new Int32Array(max + 1).fill(-1);
  for (let k = 0; k < m.n; k++) pos[m.ids[k]!] = k;
  return (cust) => pos[cust]!;
}

/**
 * Grades every customer as of one date (spec §6): metrics set-wise, tiers from the compiled policy,
 * then overrides, the review gate, upgrades and the protection period, writing only what changed in
 * one transaction with its history rows, the run row and an audit row.
 */
export function evaluate(db: WritableDB, opts: EvaluateOptions): EvaluationSummary {
  const zone = platformZone(db);
  const today = todayIn(zone, opts.now());
  const asOf = opts.asOf ?? today;
  const warnings: string[] = [];
  const last = db.prepare<[], { d: EvaluationRunRow['as_of'] | null }>('SELECT max(as_of) AS d FROM evaluation_runs').get()!;
  if (last.d && asOf < last.d) {
    throw new DomainError(
      'AS_OF_BACKWARDS',
      `cannot evaluate as of ${asOf}: the last evaluation was as of ${last.d}, and evaluation dates never go backwards`,
    );
  }
  if (asOf > today) warnings.push(`as-of ${asOf} is after today (${today} in ${zone}); evaluating anyway`);

  const startedAt = opts.now();
  const active = getActivePolicy(db);
  const policy = active.policy;
  const m = computeMetrics(db, asOf, policy.windowMonths, zone, opts.onProgress);
  const n = m.n;
  const computed = new Uint8Array(n);
  const noReview = new Uint8Array(n);
  compileClassifier(policy)(m, n, computed, noReview);
  opts.onProgress?.({ phase: 'classify', done: n, total: n });

  const s = loadState(db, m);
  const pos = positionIndex(m);
  const lastRunPolicy = db
    .prepare<[], { v: EvaluationRunRow['policy_version'] }>('SELECT policy_version AS v FROM evaluation_runs ORDER BY id DESC LIMIT 1')
    .get()?.v;
  const changeCause: Cause = lastRunPolicy !== undefined && lastRunPolicy !== active.version ? 'policy' : 'evaluation';

  const openReview = new Map<number, number>(); // position → review id
  for (const r of db.prepare<[], Pick<ReviewRow, 'id' | 'cust'>>("SELECT id, cust FROM reviews WHERE status = 'open'").all())
    openReview.set(pos(r.cust), r.id);
  const rejectedOn = new Map<number, string>();
  for (const r of db
    .prepare<[], { cust: number; d: string }>("SELECT cust, max(decided_on) AS d FROM reviews WHERE status = 'rejected' GROUP BY cust")
    .all())
    rejectedOn.set(pos(r.cust), r.d);
  const overrides = new Map<number, { until: string | null; cleared_on: string | null }>();
  for (const r of db
    .prepare<[], Pick<OverrideRow, 'id' | 'until' | 'cleared_on'>>(
      'SELECT o.id, o.until, o.cleared_on FROM overrides o JOIN assignments a ON a.override_id = o.id',
    )
    .all())
    overrides.set(r.id, r);

  const reviewTiers = new Set(policy.tiers.filter((t) => t.requiresReview).map((t) => tierOrder(t.id)));
  const history: [number, Tier, Tier, Cause][] = [];
  const opens: [number, Tier, Tier][] = [];
  const lapses: number[] = [];
  const changed: number[] = [];
  let upgrades = 0,
    downgrades = 0;

  for (let k = 0; k < n; k++) {
    const cur = s.tier[k]!;
    const comp = computed[k]!;
    let tier = cur,
      ov = s.overrideId[k]!;
    let pending: number;
    let prot: string | null = s.protectedUntil[k]!;
    let cause: Cause = changeCause;
    let release = false;
    if (ov) {
      const o = overrides.get(ov);
      const holds = o !== undefined && o.cleared_on === null && (o.until === null || asOf <= o.until);
      if (holds) {
        // The override pins the tier: only the computed tier is recorded.
        if (comp !== s.computed[k] || !s.hasRow[k]) changed.push(k);
        continue;
      }
      release = true;
      ov = 0;
    }
    let target: number;
    if (comp > cur && reviewTiers.has(comp)) {
      const blocked = rejectedOn.has(k) && asOf <= addDays(rejectedOn.get(k)!, policy.reviewCooldownDays);
      const best = noReview[k]!;
      if (!blocked) {
        if (!openReview.has(k)) opens.push([k, TIERS[cur]!, TIERS[comp]!]);
        pending = comp;
        // Nobody moves down while a review for a higher tier is pending.
        target = release ? best : Math.max(best, cur);
      } else {
        pending = 0;
        target = best;
      }
    } else {
      target = comp;
      pending = 0;
      if (openReview.has(k)) lapses.push(openReview.get(k)!);
    }
    if (release) {
      // The override, not the customer, held the tier: no protection period after it ends.
      tier = target;
      prot = null;
    } else if (target >= cur) {
      tier = target;
      prot = null;
    } else if (prot === null) {
      prot = addDays(asOf, policy.protectionDays);
    } else if (asOf > prot) {
      tier = target;
      prot = null;
      cause = 'protection_expiry';
    }
    if (tier !== cur) {
      history.push([k, TIERS[cur]!, TIERS[tier]!, cause]);
      if (tier > cur) upgrades++;
      else downgrades++;
      s.since[k] = asOf;
    }
    if (
      !s.hasRow[k] ||
      tier !== cur ||
      comp !== s.computed[k] ||
      pending !== s.pending[k] ||
      prot !== s.protectedUntil[k] ||
      ov !== s.overrideId[k]
    )
      changed.push(k);
    s.tier[k] = tier;
    s.pending[k] = pending;
    s.protectedUntil[k] = prot;
    s.overrideId[k] = ov;
  }
  s.computed = computed;
  opts.onProgress?.({ phase: 'assign', done: n, total: n });

  const counts = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  const gmvFen = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  let protectedCount = 0;
  for (let k = 0; k < n; k++) {
    const t = TIERS[s.tier[k]!]!;
    counts[t]++;
    gmvFen[t] += m.annualFen[k]!;
    if (s.protectedUntil[k] !== null) protectedCount++;
  }

  const summary = db.transaction((): EvaluationSummary => {
    const at = opts.now();
    const put = assignmentWriter(db);
    for (const k of changed) {
      put(m.ids[k]!, {
        tier: TIERS[s.tier[k]!]!,
        computedTier: TIERS[s.computed[k]!]!,
        pendingTier: s.pending[k] ? TIERS[s.pending[k]!]! : null,
        protectedUntil: s.protectedUntil[k]!,
        since: s.since[k]!,
        overrideId: s.overrideId[k] || null,
      });
    }
    const hist = db.prepare(
      'INSERT INTO tier_history (cust, from_tier, to_tier, on_date, cause, policy_version, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    for (const [k, from, to, cause] of history) hist.run(m.ids[k]!, from, to, asOf, cause, active.version, opts.actor, at);
    const open = db.prepare("INSERT INTO reviews (cust, from_tier, pending_tier, opened_on, status) VALUES (?, ?, ?, ?, 'open')");
    for (const [k, from, to] of opens) open.run(m.ids[k]!, from, to, asOf);
    const lapse = db.prepare(
      "UPDATE reviews SET status = 'lapsed', decided_on = ?, actor = ?, reason = 'no longer qualifies' WHERE id = ?",
    );
    for (const id of lapses) lapse.run(asOf, opts.actor, id);
    writeMetrics(db, m);
    const pendingReviews = count(db, "SELECT count(*) AS n FROM reviews WHERE status = 'open'");
    const run = db
      .prepare(
        `INSERT INTO evaluation_runs (as_of, policy_version, window_months, started_at, finished_at, actor, customers, counts, gmv_fen, upgrades, downgrades, pending_reviews, protected)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        asOf,
        active.version,
        policy.windowMonths,
        startedAt,
        at,
        opts.actor,
        n,
        JSON.stringify(counts),
        JSON.stringify(gmvFen),
        upgrades,
        downgrades,
        pendingReviews,
        protectedCount,
      );
    const result: EvaluationSummary = {
      runId: Number(run.lastInsertRowid),
      asOf,
      policyVersion: active.version,
      counts,
      gmvFen,
      pendingReviews,
      upgrades,
      downgrades,
      protected: protectedCount,
      customers: n,
      warnings,
    };
    audit(db, at, {
      actor: opts.actor,
      action: 'evaluation.run',
      entity: 'evaluation',
      entityId: String(result.runId),
      details: {
        asOf,
        policyVersion: active.version,
        counts,
        upgrades,
        downgrades,
        pendingReviews,
        protected: protectedCount,
        reviewsOpened: opens.length,
        reviewsLapsed: lapses.length,
      },
    });
    runContractExpiry(db, { today: asOf, now: opts.now, actor: opts.actor });
    return result;
  })();
  opts.onProgress?.({ phase: 'done', done: n, total: n });
  return summary;
}

/** Rewrites only the metric rows that differ from the stored ones. */
function writeMetrics(db: WritableDB, m: MetricsTable): void {
  const pos = positionIndex(m);
  const same = new Uint8Array(m.n);
  for (const r of scan<number[]>(db, 'SELECT * FROM customer_metrics')) {
    const k = pos(r[0]!);
    if (k < 0) continue;
    same[k] =
      r[1] === m.cumulativeFen[k] &&
      r[2] === m.paidOrders[k] &&
      r[3] === m.windowFen[k] &&
      r[4] === m.windowOrders[k] &&
      r[5] === m.annualFen[k] &&
      r[6] === m.activeReferrals[k] &&
      r[7] === m.contributionPoints[k]
        ? 1
        : 0;
  }
  const put = db.prepare(
    `INSERT INTO customer_metrics (cust, cumulative_fen, paid_orders, window_fen, window_orders, annual_fen, active_referrals, contribution_points)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (cust) DO UPDATE SET cumulative_fen = excluded.cumulative_fen, paid_orders = excluded.paid_orders, window_fen = excluded.window_fen,
       window_orders = excluded.window_orders, annual_fen = excluded.annual_fen, active_referrals = excluded.active_referrals, contribution_points = excluded.contribution_points`,
  );
  for (let k = 0; k < m.n; k++) {
    if (same[k]) continue;
    put.run(
      m.ids[k]!,
      m.cumulativeFen[k]!,
      m.paidOrders[k]!,
      m.windowFen[k]!,
      m.windowOrders[k]!,
      m.annualFen[k]!,
      m.activeReferrals[k]!,
      m.contributionPoints[k]!,
    );
  }
}
