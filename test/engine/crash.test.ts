import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/engine/db';
import { importFiles } from '../../src/engine/import/index';
import { tempDir } from '../helpers/fixture';

const ORDERS = 50_000;
const CUSTOMERS = 1_000;
const KILLS = 20;

let dir: string;
let child: string;
let template: string;
let ordersCsv: string;

beforeAll(async () => {
  dir = tempDir('tierdesk-crash-');
  // Bundled inside the project so its bare imports (better-sqlite3, csv-parse, luxon) resolve from node_modules.
  child = path.resolve('out/test/crash-child.mjs');
  await build({
    entryPoints: ['test/helpers/crash-child.ts'],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });

  let customers = 'customer_id,name,kind,realname_verified,phone_verified,registered_at\n';
  for (let i = 0; i < CUSTOMERS; i++) customers += `C${i},客户${i},individual,true,true,2025-01-01\n`;
  fs.writeFileSync(path.join(dir, 'customers.csv'), customers);
  let orders = 'order_id,customer_id,placed_at,amount,status\n';
  for (let i = 0; i < ORDERS; i++)
    orders += `O${i},C${i % CUSTOMERS},2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} 12:00:00,${(i % 900) + 1}.${String(i % 100).padStart(2, '0')},${i % 13 ? 'paid' : 'refunded'}\n`;
  ordersCsv = path.join(dir, 'orders.csv');
  fs.writeFileSync(ordersCsv, orders);

  // A closed database (one file, no WAL) with the customers: every run starts from a copy of it.
  template = path.join(dir, 'template.db');
  const db = openDb(template, { create: true });
  const r = await importFiles(db, { customers: path.join(dir, 'customers.csv') }, { now: Date.now, actor: 'setup' });
  expect(r.ok).toBe(true);
  db.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  /** ms from the child's "start" line to the kill (or to its end). */
  killedAfter: number | null;
  lastLine: string;
  exited: 'killed' | 'finished';
}

/** Runs the child on a fresh copy; kills it `delay` ms after it says "start" (null: let it finish). */
function runChild(dbFile: string, delay: number | null): Promise<Run & { elapsed: number }> {
  fs.copyFileSync(template, dbFile);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dbFile, ordersCsv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let startedAt = 0;
    let killedAt: number | null = null;
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!startedAt && out.includes('start\n')) {
        startedAt = performance.now();
        if (delay !== null)
          setTimeout(() => {
            killedAt = performance.now();
            p.kill('SIGKILL');
          }, delay);
      }
    });
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      const lines = out.trim().split('\n');
      if (signal === null && code !== 0) return reject(new Error(`child failed (${code}): ${err}`));
      resolve({
        killedAfter: killedAt === null ? null : killedAt - startedAt,
        elapsed: performance.now() - startedAt,
        lastLine: lines[lines.length - 1] ?? '',
        exited: signal === 'SIGKILL' ? 'killed' : 'finished',
      });
    });
  });
}

/** What a killed import left: opened as the console would open it (WAL recovery included). */
function inspect(dbFile: string): { orders: number; imports: number; integrity: string } {
  const db = openDb(dbFile);
  try {
    return {
      orders: (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n,
      imports: (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import' AND actor = 'crash-test'").get() as { n: number })
        .n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it(`SIGKILL at ${KILLS} random moments of a ${ORDERS}-order import leaves none or all of it, and an intact database`, async () => {
    const t0 = performance.now();
    // Calibration: undisturbed runs give the length of the import, over which the kills are spread
    // (the faster of two: the first one also warms the page cache).
    let importMs = Infinity;
    for (let i = 0; i < 2; i++) {
      const full = await runChild(path.join(dir, 'full.db'), null);
      expect(full.lastLine).toBe(`done ${ORDERS}`);
      expect(inspect(path.join(dir, 'full.db'))).toEqual({ orders: ORDERS, imports: 1, integrity: 'ok' });
      importMs = Math.min(importMs, full.elapsed);
    }

    let seed = 1 + Math.floor(Math.random() * 2_147_483_646);
    const startSeed = seed;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const delay = Math.round(random() * importMs);
      const file = path.join(dir, `kill-${i}.db`);
      const run = await runChild(file, delay);
      const state = inspect(file);
      const label = `kill ${i} at ${delay} ms of ${Math.round(importMs)} (seed ${startSeed}, last "${run.lastLine}")`;
      expect(state.integrity, label).toBe('ok');
      expect([0, ORDERS], label).toContain(state.orders);
      // The audit row is part of the same transaction: present exactly when the orders are.
      expect(state.imports, label).toBe(state.orders === ORDERS ? 1 : 0);
      outcomes.push(`${run.exited === 'killed' ? (state.orders ? 'all' : 'none') : 'finished'}@${delay}`);
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}-wal`, { force: true });
      fs.rmSync(`${file}-shm`, { force: true });
    }
    const total = performance.now() - t0;
    console.log(
      `crash test: import of ${ORDERS} orders takes ${Math.round(importMs)} ms; ${KILLS} kills in ${Math.round(total)} ms total: ${outcomes.join(' ')}`,
    );
    // The kills must land inside the import, where a half-written database could happen.
    expect(outcomes.filter((o) => o.startsWith('none')).length).toBeGreaterThanOrEqual(KILLS / 4);
    expect(total).toBeLessThan(60_000);
  }, 90_000);
});
