import { common, UsageError, type Command, type CommandContext } from '../framework';
import { readPolicyFile } from '../policyFile';
import {
  simulate,
  simulationContext,
  simulationJson,
  sweep,
  sweepCondition,
  sweepValues,
  type SimulationSummary,
} from '../../engine/simulate/index';
import { formatFen } from '@shared/money';
import { TIERS, type RankedTier } from '@shared/tiers';

const int = (n: number) => n.toLocaleString('en-US');
const cny = (v: number) => formatFen(Math.round(v * 100));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (n: number, f: (v: number) => string) => (n > 0 ? `+${f(n)}` : n < 0 ? `-${f(-n)}` : f(0));

function table(rows: string[][], rightFrom = 1): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c < rightFrom ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function summaryText(s: SimulationSummary): string {
  const b = s.baseline,
    d = s.scenario;
  const out: string[] = [];
  out.push(
    `Simulation as of ${s.asOf}, ${int(s.customers)} customers: active policy v${b.policyVersion} "${b.policyName}" → draft "${d.policyName}".`,
  );
  out.push('Computed tiers (protection, reviews and overrides ignored).');
  out.push('');
  out.push(
    table([
      ['tier', 'active', 'share', 'draft', 'share', 'change', 'GMV active', 'GMV draft', 'net active', 'net draft'],
      ...TIERS.map((t) => [
        t,
        int(b.counts[t]),
        pct(b.share[t]),
        int(d.counts[t]),
        pct(d.share[t]),
        signed(s.difference.counts[t], int),
        cny(b.gmv[t]),
        cny(d.gmv[t]),
        cny(b.cost.byTier[t].net),
        cny(d.cost.byTier[t].net),
      ]),
      [
        'total',
        int(s.customers),
        '',
        int(s.customers),
        '',
        '',
        cny(b.gmv.total),
        cny(d.gmv.total),
        cny(b.cost.total.net),
        cny(d.cost.total.net),
      ],
    ]),
  );
  out.push('');
  out.push(
    `Upgrades ${int(s.upgrades)}, downgrades ${int(s.downgrades)} (computed tiers, active → draft); protected downgrades ${int(s.protectedDowngrades)}: customers whose assigned tier is above their draft tier, which the protection period would keep until ${s.protectedUntil}.`,
  );
  out.push('');
  out.push('Migration (rows: active tier, columns: draft tier)');
  out.push(table([['from \\ to', ...TIERS], ...TIERS.map((f) => [f, ...TIERS.map((t) => int(s.matrix[f][t]))])]));
  out.push('');
  out.push('Annual cost model (CNY)');
  const keys = ['discount', 'rebate', 'points', 'feeRevenue', 'net'] as const;
  out.push(
    table([
      ['', ...keys],
      ['active', ...keys.map((k) => cny(b.cost.total[k]))],
      ['draft', ...keys.map((k) => cny(d.cost.total[k]))],
      ['change', ...keys.map((k) => signed(s.difference.cost.total[k], cny))],
    ]),
  );
  return out.join('\n');
}

const simulateCmd: Command = {
  name: 'simulate',
  summary: 'what-if: the active policy against a draft policy file, over every customer (computed tiers)',
  options: {
    db: common.db,
    policy: { type: 'string', required: true, file: 'in', help: 'F  draft policy JSON file' },
    'as-of': { type: 'string', help: 'YYYY-MM-DD  metrics as of this date (default: today)' },
    json: common.json,
  },
  run(ctx) {
    const asOfOpt = ctx.date('as-of');
    const draft = readPolicyFile(ctx, ctx.str('policy')!);
    const db = ctx.db();
    const asOf = asOfOpt ?? ctx.today(db);
    const sim = simulate(simulationContext(db), draft, asOf);
    if (ctx.values.json) ctx.json(simulationJson(sim.summary));
    else ctx.out(summaryText(sim.summary));
  },
};

/** A decimal number option (CNY or a count); anything else is a usage error. */
function decimalOption(ctx: CommandContext, name: string): number {
  const v = ctx.str(name)!;
  if (!/^-?\d+(\.\d+)?$/.test(v.trim())) throw new UsageError(`--${name}: "${v}" is not a number`);
  return Number(v);
}

const MAX_STEPS = 10_000;

const sweepCmd: Command = {
  name: 'sweep',
  summary: "tier counts of a draft while one condition's value moves from X to Y",
  options: {
    db: common.db,
    policy: { type: 'string', required: true, file: 'in', help: 'F  draft policy JSON file' },
    'as-of': { type: 'string', help: 'YYYY-MM-DD  metrics as of this date (default: today)' },
    tier: { type: 'string', required: true, help: 'T  tier whose rule holds the condition (regular … supreme)' },
    rule: { type: 'string', required: true, help: 'I  0-based index of the rule in that tier' },
    condition: { type: 'string', required: true, help: 'J  0-based index of the condition in that rule' },
    from: { type: 'string', required: true, help: 'X  first value' },
    to: { type: 'string', required: true, help: 'Y  last value' },
    steps: { type: 'string', required: true, help: `N  number of points, 2 to ${int(MAX_STEPS)}, evenly spaced, X and Y included` },
    json: common.json,
  },
  run(ctx) {
    const asOfOpt = ctx.date('as-of');
    const tier = ctx.tier('tier')!;
    if (tier === 'none') throw new UsageError('--tier: none has no rules; choose regular, silver, gold, diamond or supreme');
    const rule = ctx.int('rule')!;
    const condition = ctx.int('condition')!;
    const steps = ctx.int('steps')!;
    if (steps < 2 || steps > MAX_STEPS) throw new UsageError(`--steps: ${steps} is out of range (2 to ${int(MAX_STEPS)})`);
    const from = decimalOption(ctx, 'from');
    const to = decimalOption(ctx, 'to');
    const draft = readPolicyFile(ctx, ctx.str('policy')!);
    const target = { tier: tier as RankedTier, rule, condition };
    const found = sweepCondition(draft, target);
    if ('problem' in found) throw new UsageError(`${ctx.str('policy')}: ${found.problem}`);
    const db = ctx.db();
    const asOf = asOfOpt ?? ctx.today(db);
    const { points } = sweep(simulationContext(db), draft, asOf, target, sweepValues(from, to, steps));
    if (ctx.values.json) return ctx.json({ points: points.map((p) => ({ value: p.value, counts: p.counts })) });
    const c = found.condition;
    ctx.out(
      `Sweep of ${tier} rule ${rule} condition ${condition} (${c.metric} ${c.op} value) as of ${asOf}; draft "${draft.name}", computed tiers.`,
    );
    ctx.out(table([['value', ...TIERS], ...points.map((p) => [String(p.value), ...TIERS.map((t) => int(p.counts[t]))])]));
  },
};

export const commands: Command[] = [simulateCmd, sweepCmd];
