import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, setSetting, type DB } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { createDispatcher } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { createClient, type Client } from '@shared/api/client';
import { createDemoDatabase } from '../../src/server/demo';
import type { ServerEnv } from '../../src/server/context';
import type { JobProgress } from '@shared/api/types';
import { bundleWorker, envFor, knownDb, NOW, tempDir } from '../helpers/serverFixtures';

let worker: string;
const envs: ServerEnv[] = [];
/** The typed renderer client straight over the dispatcher (the transport IPC and HTTP add is tested elsewhere). */
function open(file: string, db: DB): Client {
  const env = envFor(db, file, worker);
  envs.push(env);
  const dispatch = createDispatcher(env, HANDLERS);
  return createClient({ call: (channel, input, onProgress) => dispatch(channel, input, onProgress ? { onProgress } : {}) });
}

beforeAll(async () => {
  worker = await bundleWorker();
});
afterAll(async () => {
  for (const e of envs) {
    await e.jobs.close();
    if (e.db.open) e.db.close();
  }
  fs.rmSync(worker, { force: true });
});

describe('dashboard channels on a database with known numbers', () => {
  let api: Client;
  beforeAll(() => {
    const file = path.join(tempDir(), 'known.db');
    api = open(file, knownDb(file));
  });

  it('tiers:distribution counts assigned tiers, never-evaluated customers as none', async () => {
    expect(await api.call('tiers:distribution', {})).toEqual({
      ok: true,
      value: {
        total: 10,
        tiers: [
          { tier: 'none', count: 2, share: 0.2 },
          { tier: 'regular', count: 3, share: 0.3 },
          { tier: 'silver', count: 2, share: 0.2 },
          { tier: 'gold', count: 1, share: 0.1 },
          { tier: 'diamond', count: 1, share: 0.1 },
          { tier: 'supreme', count: 1, share: 0.1 },
        ],
      },
    });
  });

  it('tiers:gmvShare: 12 months up to the last evaluation, customer share beside GMV share', async () => {
    const r = await api.call('tiers:gmvShare', {});
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.asOf).toBe('2026-11-22');
    expect(r.value.from).toBe('2025-11-23');
    expect(r.value.totalCustomers).toBe(10);
    expect(r.value.totalGmvFen).toBe(6_710_000);
    const supreme = r.value.tiers.find((t) => t.tier === 'supreme')!;
    expect(supreme).toEqual({ tier: 'supreme', customers: 1, customerShare: 0.1, gmvFen: 5_000_000, gmvShare: 5_000_000 / 6_710_000 });
    expect(r.value.tiers.map((t) => t.gmvFen)).toEqual([0, 60_000, 250_000, 400_000, 1_000_000, 5_000_000]);
  });

  it('runs:trend keeps the latest run of each date, oldest first', async () => {
    const r = await api.call('runs:trend', {});
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((p) => [p.asOf, p.runId, p.counts.regular])).toEqual([
      ['2026-11-01', 2, 2],
      ['2026-11-22', 3, 3],
    ]);
    const last = await api.call('runs:trend', { limit: 1 });
    expect(last.ok && last.value.map((p) => p.asOf)).toEqual(['2026-11-22']);
  });

  it('reviews:count and app:info', async () => {
    expect(await api.call('reviews:count', {})).toEqual({ ok: true, value: { open: 2 } });
    const info = await api.call('app:info', {});
    expect(info).toMatchObject({
      ok: true,
      value: {
        demo: false,
        mode: 'browser',
        zone: 'Asia/Shanghai',
        today: '2026-11-23',
        schemaVersion: expect.any(Number),
        appVersion: '0.0.0-test',
      },
    });
    expect(info.ok && info.value.lastEvaluation).toEqual({ asOf: '2026-11-22', finishedAt: NOW - 1000, policyVersion: 1, actor: 'tester' });
  });
});

describe('evaluation:run in the worker', () => {
  let api: Client;
  let db: DB;
  beforeAll(() => {
    const file = path.join(tempDir(), 'demo.db');
    db = openDb(file, { create: true, now: () => NOW });
    generateDemo(db, { customers: 400, seed: 7, today: '2026-11-23' });
    api = open(file, db);
  });

  it('reports progress, returns the summary, and the dashboard reads the same counts', async () => {
    const before = await api.call('runs:trend', {});
    expect(before).toEqual({ ok: true, value: [] });
    const seen: JobProgress[] = [];
    const r = await api.evaluationRun({}, (p) => seen.push(p));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.asOf).toBe('2026-11-23');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ phase: 'done' });
    const dist = await api.call('tiers:distribution', {});
    if (!dist.ok) throw new Error(dist.error.message);
    expect(Object.fromEntries(dist.value.tiers.map((t) => [t.tier, t.count]))).toEqual(r.value.counts);
    const trend = await api.call('runs:trend', {});
    expect(trend.ok && trend.value.map((p) => [p.asOf, p.counts])).toEqual([['2026-11-23', r.value.counts]]);
    const info = await api.call('app:info', {});
    expect(info.ok && info.value.lastEvaluation?.actor).toBe('os-user');
  });

  it('records the operator from the settings as the actor', async () => {
    await api.call('settings:set', { operatorName: '李运营' });
    const r = await api.call('evaluation:run', { asOf: '2026-11-24' });
    expect(r.ok).toBe(true);
    expect(db.prepare('SELECT actor FROM evaluation_runs ORDER BY id DESC LIMIT 1').get()).toEqual({ actor: '李运营' });
  });

  it('refuses a second run while one is running, and a date that goes backwards', async () => {
    const [a, b] = await Promise.all([api.evaluationRun({ asOf: '2026-11-25' }), api.evaluationRun({ asOf: '2026-11-25' })]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(await api.call('evaluation:run', { asOf: '2026-11-01' })).toMatchObject({ ok: false, error: { code: 'AS_OF_BACKWARDS' } });
  });
});

describe('demo database', () => {
  it('is created complete under its final name, marked as demo, evaluated', async () => {
    const file = path.join(tempDir(), 'tierdesk.db');
    const phases = new Set<string>();
    await createDemoDatabase(file, {
      workerUrl: worker,
      now: () => NOW,
      actor: 'system',
      customers: 300,
      onProgress: (p) => phases.add(p.phase),
    });
    expect(fs.existsSync(`${file}.creating`)).toBe(false);
    expect(phases.has('demo')).toBe(true);
    const db = openDb(file);
    const api = open(file, db);
    const info = await api.call('app:info', {});
    expect(info.ok && info.value.demo).toBe(true);
    expect(info.ok && info.value.lastEvaluation?.asOf).toBe('2026-11-23');
    const dist = await api.call('tiers:distribution', {});
    expect(dist.ok && dist.value.total).toBe(300);
    setSetting(db, 'demo', '0');
    const after = await api.call('app:info', {});
    expect(after.ok && after.value.demo).toBe(false);
  });
});
