import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { openDb, type DB } from '../../src/engine/db';
import { SimulationWorker, simulationWorkerBeside } from '../../src/engine/worker/simulation';
import { JobRunner } from '../../src/engine/worker/runner';
import type { ServerEnv } from '../../src/server/context';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** 2026-11-23 10:00 in Asia/Shanghai. */
export const NOW = Date.parse('2026-11-23T10:00:00+08:00');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-srv-'));
}

/**
 * The worker entry bundled for this test run into node_modules/.cache (so packages resolve and the
 * shared out/node of the other helpers is not rewritten under them).
 */
export async function bundleWorker(): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'tierdesk-test');
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `worker-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'src/engine/worker/entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

const TIER_ROWS: Array<[string, string | null, number]> = [
  // customer_id, assigned tier (null: never evaluated), annual_fen
  ['c01', 'regular', 10_000],
  ['c02', 'regular', 20_000],
  ['c03', 'regular', 30_000],
  ['c04', 'silver', 100_000],
  ['c05', 'silver', 150_000],
  ['c06', 'gold', 400_000],
  ['c07', 'diamond', 1_000_000],
  ['c08', 'supreme', 5_000_000],
  ['c09', 'none', 0],
  ['c10', null, 0],
];

/**
 * A small database with exactly known numbers: 10 customers (regular 3, silver 2, gold 1, diamond 1,
 * supreme 1, none 2 of which one never evaluated), annual GMV 6,710,000 fen, three runs (two on
 * 2026-11-01, one on 2026-11-22), two open reviews and one approved.
 */
export function knownDb(file: string): DB {
  const db = openDb(file, { create: true, now: () => NOW });
  db.transaction(() => {
    const cust = db.prepare(
      "INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified, registered_at) VALUES (?, ?, 'individual', 1, 1, ?)",
    );
    const assign = db.prepare('INSERT INTO assignments (cust, tier, computed_tier) VALUES (?, ?, ?)');
    const metrics = db.prepare(
      'INSERT INTO customer_metrics (cust, cumulative_fen, paid_orders, window_fen, window_orders, annual_fen, active_referrals, contribution_points) VALUES (?, ?, 1, 0, 0, ?, 0, 0)',
    );
    for (const [id, tier, fen] of TIER_ROWS) {
      const rowid = Number(cust.run(id, `客户 ${id}`, NOW).lastInsertRowid);
      if (tier) {
        assign.run(rowid, tier, tier);
        metrics.run(rowid, fen, fen);
      }
    }
    const run = db.prepare(
      `INSERT INTO evaluation_runs (as_of, policy_version, window_months, started_at, finished_at, actor, customers, counts, gmv_fen, upgrades, downgrades, pending_reviews, protected)
       VALUES (?, 1, 6, ?, ?, 'tester', 10, ?, '{}', 0, 0, 0, 0)`,
    );
    const counts = (regular: number) => JSON.stringify({ none: 10 - regular, regular, silver: 0, gold: 0, diamond: 0, supreme: 0 });
    run.run('2026-11-01', NOW - 3000, NOW - 3000, counts(1));
    run.run('2026-11-01', NOW - 2000, NOW - 2000, counts(2));
    run.run('2026-11-22', NOW - 1000, NOW - 1000, counts(3));
    const review = db.prepare(
      "INSERT INTO reviews (cust, from_tier, pending_tier, opened_on, status) VALUES (?, 'diamond', 'supreme', '2026-11-20', ?)",
    );
    review.run(7, 'open');
    review.run(6, 'open');
    review.run(5, 'approved');
  })();
  return db;
}

export function envFor(db: DB, dbPath: string, workerUrl: string, now = () => NOW): ServerEnv {
  return {
    db,
    dbPath,
    mode: 'browser',
    appVersion: '0.0.0-test',
    now,
    defaultActor: 'os-user',
    jobs: new JobRunner({ workerUrl, dbPath, now }),
    simulation: new SimulationWorker({ workerUrl: simulationWorkerBeside(workerUrl), dbPath }),
  };
}
