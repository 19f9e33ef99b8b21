import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { Fixture, tempDir } from '../helpers/fixture';

let f: Fixture;
afterEach(() => f?.close());

/**
 * E: 600.00 long ago (cumulative only), 1,000.00 in March (annual, not the 6-month window), 14,442.73 in
 * July (everything), 50.00 refunded, and 77.00 after the as-of date. Window spend 14,442.73 / 6 months =
 * monthlySpend 2,407.1216…, which makes E diamond by rule 1 (cumulative ≥ 5000 and monthly > 1000).
 */
function base(): Fixture {
  f = new Fixture();
  f.customer('E');
  f.order('E', '2025-01-01', '600.00');
  f.order('E', '2026-03-01 08:30:00', '1000.00');
  f.order('E', '2026-07-01 12:00:00', '14442.73');
  f.order('E', '2026-08-01', '50.00', 'refunded');
  f.order('E', '2026-12-01', '77.00');
  f.close();
  return f;
}

const explainJson = async (file: string, extra: string[] = []) => {
  const r = await cli(['explain', '--db', file, '--customer', 'E', '--json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

function fingerprint(file: string): { sha: string; rows: Record<string, number> } {
  const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const db = new Database(file, { readonly: true });
  const rows: Record<string, number> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const t of tables) rows[t] = db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
  db.close();
  return { sha, rows };
}

describe('tierdesk explain: text', () => {
  it('shows money to the fen, averages to two decimals and numbers rules from 1', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const r = await cli(['explain', '--db', file, '--customer', 'E']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cumulativeSpend 16,042.73  paidOrders 3  windowSpend 14,442.73  annualSpend 15,442.73');
    expect(r.stdout).toContain('monthlySpend 2,407.12  monthlyOrders 0.17  activeReferrals 0');
    expect(r.stdout).not.toMatch(/\d\.\d{3,}/);
    // Diamond's first rule qualified: rule 1, as the console numbers it.
    expect(r.stdout).toContain('Qualified for diamond by rule 1: cumulativeSpend >= 5000 AND monthlySpend > 1000');
    expect(r.stdout).toMatch(/^ {2}rule 1:$/m);
    expect(r.stdout).toMatch(/^ {2}rule 2:$/m);
    expect(r.stdout).not.toMatch(/rule 0/);
    expect(r.stdout).toContain('cumulativeSpend: 3,957.28 more');
  });
});

describe('tierdesk explain --json', () => {
  it('gives every amount of money in CNY and says the unit of each condition', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const j = await explainJson(file);
    expect(j.source).toBe('evaluation');
    expect(j.computedTier).toBe('diamond');
    expect(j.metrics).toMatchObject({ cumulativeSpend: 16042.73, windowSpend: 14442.73, annualSpend: 15442.73, paidOrders: 3 });
    // Averages stay exact: the decision compares totals, the JSON does not round them away.
    expect(j.metrics.monthlySpend).toBeCloseTo(14442.73 / 6, 10);
    expect(j.qualifiedBy).toMatchObject({ tier: 'diamond', ruleIndex: 0, ruleNumber: 1 });
    expect(j.qualifiedBy.conditions[1]).toMatchObject({ metric: 'monthlySpend', unit: 'CNY', value: 1000, met: true, missing: null });
    expect(j.next.tier).toBe('supreme');
    expect(j.next.rules.map((r: { ruleIndex: number; ruleNumber: number }) => [r.ruleIndex, r.ruleNumber])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    // value, actual and missing in the same unit: CNY (the old output had missing in fen).
    expect(j.next.rules[0].conditions[0]).toMatchObject({
      metric: 'cumulativeSpend',
      unit: 'CNY',
      value: 20000,
      actual: 16042.73,
      missing: 3957.28,
      met: false,
    });
    expect(j.next.rules[1].conditions[0]).toMatchObject({ metric: 'annualSpend', unit: 'CNY', missing: 84557.28 });
    expect(j.orders).toBeUndefined();
  });

  it('count conditions say unit "count"; their missing is a count', async () => {
    f = new Fixture();
    f.customer('E');
    f.order('E', '2026-11-01', '1.00');
    f.close();
    await cli(['evaluate', '--db', f.file, '--as-of', '2026-11-23']);
    const j = await explainJson(f.file);
    expect(j.next.tier).toBe('silver');
    expect(j.next.rules[1].conditions[0]).toMatchObject({ metric: 'monthlyOrders', unit: 'count', value: 3, missing: 17 });
    expect(j.next.rules[0].conditions[0]).toMatchObject({ metric: 'cumulativeSpend', unit: 'CNY', missing: 499 });
  });
});

describe('tierdesk explain --orders', () => {
  it('lists the orders behind each sum; the sums add up to the metrics', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const j = await explainJson(file, ['--orders']);
    expect(j.orders).toEqual([
      { orderId: 'O1', placedAt: '2025-01-01T00:00:00+08:00', amountCny: 600, status: 'paid', countsIn: ['cumulative'] },
      { orderId: 'O2', placedAt: '2026-03-01T08:30:00+08:00', amountCny: 1000, status: 'paid', countsIn: ['cumulative', 'annual'] },
      {
        orderId: 'O3',
        placedAt: '2026-07-01T12:00:00+08:00',
        amountCny: 14442.73,
        status: 'paid',
        countsIn: ['cumulative', 'window', 'annual'],
      },
      { orderId: 'O4', placedAt: '2026-08-01T00:00:00+08:00', amountCny: 50, status: 'refunded', countsIn: [] },
    ]);
    const sum = (s: string) =>
      j.orders
        .filter((o: { countsIn: string[] }) => o.countsIn.includes(s))
        .reduce((a: number, o: { amountCny: number }) => a + Math.round(o.amountCny * 100), 0) / 100;
    expect([sum('cumulative'), sum('window'), sum('annual')]).toEqual([
      j.metrics.cumulativeSpend,
      j.metrics.windowSpend,
      j.metrics.annualSpend,
    ]);
    const r = await cli(['explain', '--db', file, '--customer', 'E', '--orders']);
    expect(r.stdout).toContain('Orders behind the sums (4;');
    expect(r.stdout).toMatch(/O3 {2}2026-07-01 12:00:00 {2}14,442\.73 {2}paid {6}cumulative, window, annual/);
    expect(r.stdout).toMatch(/O4 {2}2026-08-01 00:00:00 {6}50\.00 {2}refunded {2}-/);
    expect(r.stdout).toContain('totals: cumulative 16,042.73, window 14,442.73, annual 15,442.73');
  });
});

describe('tierdesk explain --as-of', () => {
  it('computes the metrics at another date and writes nothing', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const twin = path.join(tempDir(), 'twin.db');
    fs.copyFileSync(file, twin);
    const before = fingerprint(file);

    const j = await explainJson(file, ['--as-of', '2026-12-05', '--orders']);
    const text = await cli(['explain', '--db', file, '--customer', 'E', '--as-of', '2026-06-30']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Metrics as of 2026-06-30 (computed now, nothing written)');
    expect(fingerprint(file)).toEqual(before);
    for (const ext of ['-wal', '-journal']) {
      const side = file + ext;
      if (fs.existsSync(side)) expect(fs.statSync(side).size).toBe(0);
    }

    expect(j.source).toBe('as-of');
    expect(j.asOf).toBe('2026-12-05');
    expect(j.window).toEqual({ months: 6, from: '2026-06-06', to: '2026-12-05' });
    expect(j.metrics.cumulativeSpend).toBe(16119.73);
    expect(j.orders.map((o: { orderId: string }) => o.orderId)).toEqual(['O1', 'O2', 'O3', 'O4', 'O5']);
    // The same numbers an evaluation as of that date stores.
    expect((await cli(['evaluate', '--db', twin, '--as-of', '2026-12-05'])).code).toBe(0);
    const evaluated = await explainJson(twin);
    expect(j.metrics).toEqual(evaluated.metrics);
    expect(j.qualifiedBy).toEqual(evaluated.qualifiedBy);
    expect(j.next).toEqual(evaluated.next);
    expect(j.computedTier).toBe(evaluated.assignment.computedTier);
  });

  it('grades anew at an earlier date; a malformed date is a usage error', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const j = await explainJson(file, ['--as-of', '2026-02-01']);
    expect(j.metrics.cumulativeSpend).toBe(600);
    expect(j.computedTier).toBe('silver');
    expect(j.assignment.computedTier).toBe('diamond');
    expect((await cli(['explain', '--db', file, '--customer', 'E', '--as-of', '2026-02-30'])).code).toBe(2);
  });

  it('works on a database never evaluated; without --as-of --orders says to give one', async () => {
    const { file } = base();
    const j = await explainJson(file, ['--as-of', '2026-11-23']);
    expect(j.computedTier).toBe('diamond');
    const r = await cli(['explain', '--db', file, '--customer', 'E', '--orders']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('give --as-of to list the orders');
    expect((await explainJson(file, ['--orders'])).orders).toBeNull();
  });
});
