import type { WritableDB } from '../sql/connection';
import { COLUMNS, compileCondition, type Column } from '../classify';
import type { MetricsTable } from '../metrics';
import type { Policy } from '@shared/policy';
import { TIERS } from '@shared/tiers';
import { simulate, simulationContext, type Simulation } from './engine';
import { sweep, sweepValues } from './sweep';

/**
 * The policy's computed tier as one SQL CASE expression over integer columns, with the same exact
 * integer thresholds as the compiled classifier (compileCondition), for the SQLite comparison.
 */
export function classificationSql(policy: Policy, column: (c: Column) => string): string {
  const rules = (i: number): string => {
    const tier = policy.tiers[i]!;
    if (tier.rules.length === 0) return '0';
    return tier.rules
      .map(
        (r) =>
          '(' +
          r.all
            .map((c) => {
              const cc = compileCondition(c, policy.windowMonths);
              return `${column(cc.column)} ${cc.op === '==' ? '=' : cc.op} ${String(cc.k)}`;
            })
            .join(' AND ') +
          ')',
      )
      .join(' OR ');
  };
  return `CASE WHEN NOT (${rules(0)}) THEN 0 ${[4, 3, 2, 1].map((i) => `WHEN ${rules(i)} THEN ${i + 1}`).join(' ')} ELSE 1 END`;
}

const SQL_COLUMN: Record<Column, string> = {
  cumulativeFen: 'cumulative_fen',
  paidOrders: 'paid_orders',
  windowFen: 'window_fen',
  windowOrders: 'window_orders',
  annualFen: 'annual_fen',
  activeReferrals: 'active_referrals',
  contributionPoints: 'contribution_points',
  realnameVerified: 'realname_verified',
  phoneVerified: 'phone_verified',
  enterprise: 'enterprise',
};

/**
 * Copies a metrics table and the baseline tiers into a TEMP table (this connection only; nothing is
 * written to the file), so SQLite gets the same inputs as the engine.
 */
function loadMetricsTable(db: WritableDB, m: MetricsTable, baseline: Uint8Array): void {
  db.exec(
    `DROP TABLE IF EXISTS temp.sim_bench; CREATE TEMP TABLE sim_bench (cust INTEGER PRIMARY KEY, base_tier INTEGER NOT NULL, ${COLUMNS.map((c) => `${SQL_COLUMN[c]} INTEGER NOT NULL`).join(', ')}) STRICT`,
  );
  const rows = 50;
  const width = COLUMNS.length + 2;
  const one = `(${['?', '?', ...COLUMNS.map(() => '?')].join(', ')})`;
  const many = db.prepare(`INSERT INTO temp.sim_bench VALUES ${Array.from({ length: rows }, () => one).join(', ')}`);
  const single = db.prepare(`INSERT INTO temp.sim_bench VALUES ${one}`);
  const cols = COLUMNS.map((c) => m[c]);
  db.transaction(() => {
    const buf: number[] = [];
    for (let k = 0; k < m.n; k++) {
      buf.push(m.ids[k]!, baseline[k]!);
      for (const col of cols) buf.push(col[k]!);
      if (buf.length === rows * width) {
        many.run(buf);
        buf.length = 0;
      }
    }
    for (let i = 0; i < buf.length; i += width) single.run(buf.slice(i, i + width));
  })();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface SimulationBench {
  customers: number;
  asOf: string;
  /** computeMetrics for the as-of date (once per date and window; the cache keeps it). */
  metricsBuildMs: number;
  /** The first simulation after the build (also loads the assigned tiers). */
  firstSimulationMs: number;
  /** Engine time of a re-simulation, each with a different threshold (every draft tier computed). */
  resimulationMs: { median: number; min: number; max: number; runs: number; cpuMedian: number };
  /** The same after a change of rule shape (a new kernel is compiled and optimised). */
  newShapeMs: { median: number; runs: number };
  sweepMs: number;
  sweepPoints: number;
  /** The same re-simulation as SQL: the draft's CASE over a table of the same metrics and baseline tiers, grouped into the matrix. */
  sqlite: { loadMs: number; classifyMs: number; runs: number; sameCounts: boolean };
}

function withValue(policy: Policy, value: number): Policy {
  const [regular, silver, ...rest] = policy.tiers;
  const [first, ...others] = silver!.rules;
  const [cond, ...conds] = first!.all;
  return { ...policy, tiers: [regular!, { ...silver!, rules: [{ all: [{ ...cond!, value }, ...conds] }, ...others] }, ...rest] };
}

/**
 * Measures the simulation engine on the database as it is (use a generated 1M-customer one):
 * re-simulations vary the active policy's first Silver condition, the sweep moves it over 50
 * points, and SQLite runs the same re-simulation (the draft as a CASE expression over a table of the
 * same metrics and baseline tiers, grouped into the migration matrix) in the same run.
 */
export function benchSimulation(db: WritableDB, asOf: string, log: (line: string) => void = console.log): SimulationBench {
  const ctx = simulationContext(db);
  ctx.cache.refresh(db);
  const active = ctx.cache.activePolicy(db).policy;
  const cond = active.tiers[1]?.rules[0]?.all[0];
  if (!cond) throw new Error('benchSimulation: the active policy needs a Silver rule to vary');
  const v0 = cond.value;

  let t = performance.now();
  const m = ctx.cache.metrics(db, asOf, active.windowMonths);
  const metricsBuildMs = performance.now() - t;
  t = performance.now();
  simulate(ctx, active, asOf);
  const firstSimulationMs = performance.now() - t;

  const step = Math.max(0.01, Math.round(v0 * 2) / 100);
  const value = (i: number) => Math.round((v0 + (i - 7) * step) * 100) / 100;
  for (let i = 0; i < 3; i++) simulate(ctx, withValue(active, value(20 + i)), asOf); // JIT warm-up
  const times: number[] = [],
    cpu: number[] = [];
  let last: Simulation | undefined;
  for (let i = 0; i < 15; i++) {
    const c0 = process.cpuUsage();
    last = simulate(ctx, withValue(active, value(i)), asOf);
    const c = process.cpuUsage(c0);
    if (!last.summary.metricsCached) throw new Error('benchSimulation: metrics were rebuilt during re-simulation');
    times.push(last.summary.engineMs);
    cpu.push((c.user + c.system) / 1000);
  }
  const lastDraft = withValue(active, value(14));
  const shapes: number[] = [];
  for (const metric of ['contributionPoints', 'windowSpend', 'annualSpend', 'phoneVerified', 'paidOrders'] as const) {
    const silver = lastDraft.tiers[1]!;
    const extra: Policy = {
      ...lastDraft,
      tiers: lastDraft.tiers.map((t, i) =>
        i === 1 ? { ...silver, rules: [...silver.rules, { all: [{ metric, op: '>=', value: 1000 }] }] } : t,
      ),
    };
    shapes.push(simulate(ctx, extra, asOf).summary.engineMs);
  }

  const values = sweepValues(0, Math.max(1, v0 * 2), 50);
  sweep(ctx, active, asOf, { tier: 'silver', rule: 0, condition: 0 }, values); // warm-up
  t = performance.now();
  sweep(ctx, active, asOf, { tier: 'silver', rule: 0, condition: 0 }, values);
  const sweepMs = performance.now() - t;

  t = performance.now();
  loadMetricsTable(db, m, last!.baseline);
  const loadMs = performance.now() - t;
  const col = (c: Column) => SQL_COLUMN[c];
  const sql = `SELECT base_tier AS b, ${classificationSql(lastDraft, col)} AS s, count(*) AS n, total(annual_fen) AS gmv, sum(${classificationSql(active, col)} <> base_tier) AS wrong FROM temp.sim_bench GROUP BY 1, 2`;
  const stmt = db.prepare<[], { b: number; s: number; n: number; wrong: number }>(sql);
  const sqlTimes: number[] = [];
  const plain = db.prepare(
    `SELECT base_tier AS b, ${classificationSql(lastDraft, col)} AS s, count(*) AS n, total(annual_fen) AS gmv FROM temp.sim_bench GROUP BY 1, 2`,
  );
  // The checking query also verifies the baseline column; the timed one is the analogue of a re-simulation.
  const rows = stmt.all();
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    plain.all();
    sqlTimes.push(performance.now() - t);
  }
  db.exec('DROP TABLE temp.sim_bench');
  const sameCounts =
    rows.reduce((s, r) => s + r.n, 0) === m.n && rows.every((r) => r.wrong === 0 && last!.summary.matrix[TIERS[r.b]!][TIERS[r.s]!] === r.n);

  const result: SimulationBench = {
    customers: m.n,
    asOf,
    metricsBuildMs,
    firstSimulationMs,
    resimulationMs: { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length, cpuMedian: median(cpu) },
    newShapeMs: { median: median(shapes), runs: shapes.length },
    sweepMs,
    sweepPoints: values.length,
    sqlite: { loadMs, classifyMs: median(sqlTimes), runs: sqlTimes.length, sameCounts },
  };
  const ms = (x: number) => `${x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')} ms`;
  const line = (label: string, text: string) => log(`  ${label.padEnd(54)} ${text}`);
  log(`simulation — ${m.n.toLocaleString('en-US')} customers, as of ${asOf}`);
  line('metrics build (once per date and window, cached)', ms(metricsBuildMs));
  line('first simulation (assigned tiers, baseline)', ms(firstSimulationMs));
  line(
    `re-simulation, median of ${times.length} thresholds`,
    `${ms(result.resimulationMs.median)} (min ${ms(result.resimulationMs.min)}, max ${ms(result.resimulationMs.max)}, cpu ${ms(result.resimulationMs.cpuMedian)}; target < 20 ms)`,
  );
  line('re-simulation after a rule-shape change (new kernel)', `${ms(result.newShapeMs.median)} (median of ${shapes.length})`);
  line(`sweep, ${values.length} points`, `${ms(sweepMs)} (target < 1 s)`);
  line(
    'the same re-simulation as SQL in SQLite (CASE, GROUP BY)',
    `${ms(result.sqlite.classifyMs)} (median of ${sqlTimes.length}; loading the table ${ms(loadMs)}; matrix ${sameCounts ? 'identical' : 'DIFFERS'})`,
  );
  return result;
}
