import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { openDb } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { evaluate } from '../../src/engine/evaluate';
import { listBackups } from '../../src/engine/backup';
import { simulate, simulationContext, sweep, sweepValues } from '../../src/engine/simulate/index';
import { SimulationWorker } from '../../src/engine/worker/simulation';
import { createDispatcher } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { createClient, type Client } from '@shared/api/client';
import type { ServerEnv } from '../../src/server/context';
import type { Channel, Input, Output } from '@shared/api/apiChannels';
import type { JobProgress } from '@shared/api/types';
import { SEED_001_PRESET, SEED_POLICY, type Policy } from '@shared/policy';
import { TIERS } from '@shared/tiers';
import { NOW, ROOT, bundleWorker, envFor, tempDir } from '../helpers/serverFixtures';

// The policy, drafts and simulation channels over the dispatcher the console uses, on a small demo
// database (NOW is 2026-11-23 10:00 in Asia/Shanghai), checked against the engine called directly.
// Simulations run in the simulation worker (bundled for this run), as in the console.

const TODAY = '2026-11-23';
let worker: string;
let simulationWorker: string;
let env: ServerEnv;
let db: DB;
let file: string;
let api: Client;
let progress: JobProgress[] = [];

async function ok<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const r = await api.call(channel, input, (p) => progress.push(p));
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
async function refused<C extends Channel>(channel: C, input: Input<C>): Promise<{ code: string; message: string; details?: unknown }> {
  const r = await api.call(channel, input);
  if (r.ok) throw new Error(`${channel} was not refused`);
  return r.error;
}

const silverAt = (value: number): Policy => ({
  ...SEED_POLICY,
  name: `silver ${value}`,
  tiers: SEED_POLICY.tiers.map((t) =>
    t.id !== 'silver' ? t : { ...t, rules: [{ all: [{ metric: 'cumulativeSpend', op: '>=', value }] }, ...t.rules.slice(1)] },
  ),
});
const doc = (p: Policy) => JSON.parse(JSON.stringify(p)) as Record<string, unknown>;

beforeAll(async () => {
  worker = await bundleWorker();
  simulationWorker = path.join(ROOT, 'node_modules', '.cache', 'tierdesk-test', `simulation-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'src/engine/worker/simulationEntry.ts')],
    outfile: simulationWorker,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  file = path.join(tempDir(), 'policy.db');
  db = openDb(file, { create: true, now: () => NOW });
  generateDemo(db, { customers: 1500, seed: 11, today: TODAY });
  for (const asOf of ['2026-08-01', '2026-10-15', TODAY]) evaluate(db, { asOf, now: () => NOW, actor: 'tester' });
  env = { ...envFor(db, file, worker), simulation: new SimulationWorker({ workerUrl: simulationWorker, dbPath: file }) };
  const dispatch = createDispatcher(env, HANDLERS);
  api = createClient({ call: (channel, input, onProgress) => dispatch(channel, input, onProgress ? { onProgress } : {}) });
}, 60_000);
afterAll(async () => {
  await env.jobs.close();
  await env.simulation.close();
  db.close();
  fs.rmSync(worker, { force: true });
  fs.rmSync(simulationWorker, { force: true });
});

describe('policy versions', () => {
  it('policy:active and policy:versions give the seed policy as version 1', async () => {
    const active = await ok('policy:active', {});
    expect(active.version).toBe(1);
    expect(active.policy).toEqual(SEED_POLICY);
    const versions = await ok('policy:versions', {});
    expect(versions.map((v) => [v.version, v.name])).toEqual([[1, SEED_POLICY.name]]);
    expect((await ok('policy:get', { version: 1 })).policy).toEqual(SEED_POLICY);
    expect((await refused('policy:get', { version: 9 })).code).toBe('POLICY_NOT_FOUND');
  });
});

describe('drafts', () => {
  it('saves named drafts (an invalid one with its problems), lists, renames, refuses clashes and stale saves, deletes', async () => {
    const a = await ok('drafts:save', { name: '提高白银门槛', document: doc(silverAt(800)), basedOnVersion: 1 });
    expect(a).toMatchObject({ name: '提高白银门槛', valid: true, issueCount: 0, basedOnVersion: 1 });
    expect(a.policy?.tiers[1]!.rules[0]!.all[0]!.value).toBe(800);

    const broken = doc(silverAt(800)) as { tiers: Array<{ rules: Array<{ all: Array<{ value: unknown }> }> }> };
    broken.tiers[1]!.rules[0]!.all[0]!.value = null;
    broken.tiers[2]!.rules[1]!.all = [];
    const b = await ok('drafts:save', { name: '半成品', document: broken as unknown as Record<string, unknown> });
    expect(b.valid).toBe(false);
    expect(b.policy).toBeNull();
    expect(b.issues.map((i) => i.split(':')[0])).toEqual(['tiers[1].rules[0].all[0].value', 'tiers[2].rules[1].all']);

    expect((await ok('drafts:list', {})).map((d) => [d.name, d.valid])).toEqual([
      ['半成品', false],
      ['提高白银门槛', true],
    ]);
    expect((await refused('drafts:save', { name: '提高白银门槛', document: doc(SEED_POLICY) })).code).toBe('DRAFT_NAME_TAKEN');
    expect((await refused('drafts:save', { name: '  ', document: doc(SEED_POLICY) })).code).toBe('DRAFT_NAME');

    const renamed = await ok('drafts:save', { id: a.id, name: '白银 800', document: doc(silverAt(800)), ifUpdatedAt: a.updatedAt });
    expect(renamed.name).toBe('白银 800');
    expect(
      (await refused('drafts:save', { id: a.id, name: '白银 800', document: doc(silverAt(900)), ifUpdatedAt: a.updatedAt })).code,
    ).toBe('DRAFT_CHANGED');

    expect(await ok('drafts:delete', { id: b.id })).toEqual({ deleted: b.id });
    expect((await refused('drafts:get', { id: b.id })).code).toBe('DRAFT_NOT_FOUND');
    expect((await ok('drafts:get', { id: a.id })).document).toEqual(doc(silverAt(800)));
  });
});

describe('simulation', () => {
  it('simulation:run equals the engine; the first call reports the metrics build, the next one comes from the cache', async () => {
    progress = [];
    const draft = silverAt(1200);
    const first = await ok('simulation:run', { document: doc(draft) });
    expect(progress[0]).toEqual({ phase: 'metrics', done: 0, total: 1 });
    expect(progress.some((p) => p.phase === 'orders')).toBe(true);
    expect(first.summary.metricsCached).toBe(false);

    const direct = simulate(simulationContext(db), draft, TODAY).summary;
    const { engineMs: _a, metricsCached: _b, ...expected } = direct;
    const { engineMs: _c, metricsCached: _d, ...got } = first.summary;
    expect(got).toEqual(expected);
    expect(got.asOf).toBe(TODAY);
    for (const from of TIERS) expect(TIERS.reduce((s, to) => s + got.matrix[from][to], 0)).toBe(got.baseline.counts[from]);
    expect(first.summary.downgrades).toBeGreaterThan(0);

    progress = [];
    const again = await ok('simulation:run', { document: doc(silverAt(1300)) });
    expect(progress).toEqual([]);
    expect(again.summary.metricsCached).toBe(true);
    expect(again.simulationId).not.toBe(first.simulationId);
  });

  it('refuses an invalid draft naming every problem, and a sweep of a condition that does not exist', async () => {
    const bad = doc(silverAt(500)) as { windowMonths: unknown; tiers: Array<{ rules: Array<{ all: Array<{ metric: unknown }> }> }> };
    bad.windowMonths = 0;
    bad.tiers[0]!.rules[0]!.all[1]!.metric = 'spend';
    const e = await refused('simulation:run', { document: bad as unknown as Record<string, unknown> });
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.message).toContain('tiers[0].rules[0].all[1].metric: unknown metric "spend"');
    expect((e.details as { issues: string[] }).issues.map((i) => i.split(':')[0])).toEqual([
      'windowMonths',
      'tiers[0].rules[0].all[1].metric',
    ]);

    const s = await refused('simulation:run', {
      document: doc(SEED_POLICY),
      sweep: { tier: 'silver', rule: 0, condition: 3, from: 0, to: 1000, steps: 5 },
    });
    expect(s.code).toBe('SWEEP_TARGET');
    expect((await refused('simulation:run', { document: doc(SEED_POLICY), asOf: '2026-02-30' })).code).toBe('BAD_INPUT');
  });

  it('a sweep given with the run is the sweep of the same draft, and each point is that simulation', async () => {
    const draft = silverAt(700);
    const target = { tier: 'silver', rule: 0, condition: 0 } as const;
    const r = await ok('simulation:run', { document: doc(draft), sweep: { ...target, from: 0, to: 2000, steps: 21 } });
    expect(r.sweep).not.toBeNull();
    expect(r.sweep!.points.map((p) => p.value)).toEqual(sweepValues(0, 2000, 21));
    expect(r.sweep!.points).toEqual(sweep(simulationContext(db), draft, TODAY, target, sweepValues(0, 2000, 21)).points);
    const at700 = r.sweep!.points.find((p) => p.value === 700)!;
    expect(at700.counts).toEqual(r.summary.scenario.counts);
    const alone = await ok('simulation:sweep', { document: doc(draft), sweep: { ...target, from: 0, to: 2000, steps: 21 } });
    expect(alone.points).toEqual(r.sweep!.points);
  });

  it('pages, filters and searches the movers, and exports them as CSV in chunks', async () => {
    const r = await ok('simulation:run', { document: doc(SEED_001_PRESET), movers: { limit: 10 } });
    const { movers, summary } = r;
    expect(movers.total).toBe(summary.upgrades + summary.downgrades);
    expect(movers.rows).toHaveLength(10);
    const page2 = await ok('simulation:movers', { simulationId: r.simulationId, offset: 10, limit: 10 });
    expect(page2.offset).toBe(10);
    expect(page2.rows[0]!.customerId).not.toBe(movers.rows[0]!.customerId);

    const down = await ok('simulation:movers', { simulationId: r.simulationId, direction: 'down', limit: 1000 });
    expect(down.total).toBe(summary.downgrades);
    expect(down.rows.every((m) => TIERS.indexOf(m.to) < TIERS.indexOf(m.from))).toBe(true);
    const cell = await ok('simulation:movers', { simulationId: r.simulationId, from: 'silver', to: 'regular' });
    expect(cell.total).toBe(summary.matrix.silver.regular);
    const one = movers.rows[3]!;
    const found = await ok('simulation:movers', { simulationId: r.simulationId, search: one.customerId.toUpperCase() });
    expect(found.rows.map((m) => m.customerId)).toContain(one.customerId);

    const prepared = await ok('simulation:moversCsv', { simulationId: r.simulationId, direction: 'down' });
    expect(prepared.rows).toBe(summary.downgrades);
    expect(prepared.fileName).toBe('movers-20261123.csv');
    let text = '';
    let offset: number | null = 0;
    while (offset !== null) {
      const chunk: Output<'simulation:moversCsvRead'> = await ok('simulation:moversCsvRead', { exportId: prepared.exportId, offset });
      text += chunk.data;
      offset = chunk.next;
    }
    expect(text.length).toBe(prepared.chars);
    expect(text.startsWith('\ufeffcustomer_id,name,active_tier,draft_tier,assigned_tier,annual_spend,cumulative_spend')).toBe(true);
    expect(text.trimEnd().split(/\r?\n/)).toHaveLength(summary.downgrades + 1);
    // Read to the end: the prepared text is gone.
    expect((await refused('simulation:moversCsvRead', { exportId: prepared.exportId, offset: 0 })).code).toBe('EXPORT_NOT_FOUND');
    expect((await refused('simulation:movers', { simulationId: 'nope-nope-nope' })).code).toBe('SIMULATION_NOT_FOUND');
  });

  it('backtests a draft at the first day of each of the last 12 months beside the evaluation runs, with progress', async () => {
    progress = [];
    const draft = silverAt(900);
    const r = await ok('simulation:backtest', { document: doc(draft) });
    expect(r.months.map((m) => m.date)).toEqual([
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
    ]);
    expect(progress.filter((p) => p.phase === 'backtest').map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const nov = r.months[11]!;
    expect(nov.counts).toEqual(simulate(simulationContext(db), draft, '2026-11-01').summary.scenario.counts);
    expect(nov.actual?.asOf).toBe('2026-10-15');
    expect(r.months[8]!.actual?.asOf).toBe('2026-08-01');
    expect(r.months[7]!.actual).toBeNull();
    const active = await ok('simulation:backtest', { months: 2 });
    expect(active.policyName).toBe(SEED_POLICY.name);
    expect(active.months).toHaveLength(2);
  });
});

describe('publishing', () => {
  it('refuses a stale comparison and an invalid document; backs up, records actor and reason, and moves the simulation baseline', async () => {
    expect((await refused('policy:publish', { document: doc(silverAt(800)), reason: 'x', expectedVersion: 7 })).code).toBe(
      'POLICY_CHANGED',
    );
    expect((await refused('policy:publish', { document: { name: 'x' }, reason: 'x', expectedVersion: 1 })).code).toBe('POLICY_INVALID');
    expect((await refused('policy:publish', { document: doc(silverAt(800)), reason: '  ', expectedVersion: 1 })).code).toBe('BAD_INPUT');
    expect(listBackups(file)).toHaveLength(0);

    const out = await ok('policy:publish', { document: doc(silverAt(800)), reason: '白银门槛提高到 800 元', expectedVersion: 1 });
    expect(out.version).toBe(2);
    expect(listBackups(file).map((b) => [b.name, b.reason])).toEqual([[out.backup, 'before-publish']]);
    const versions = await ok('policy:versions', {});
    expect(versions[0]).toMatchObject({ version: 2, actor: 'os-user', reason: '白银门槛提高到 800 元', name: 'silver 800' });
    const auditRow = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'policy.publish'").get() as {
      actor: string;
      details: string;
    };
    expect(auditRow.actor).toBe('os-user');
    expect(JSON.parse(auditRow.details)).toEqual({ reason: '白银门槛提高到 800 元' });

    const same = await ok('simulation:run', { document: doc(silverAt(800)) });
    expect(same.summary.baseline.policyVersion).toBe(2);
    expect(same.summary.upgrades + same.summary.downgrades).toBe(0);
  });
});
