import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DB } from '../../src/engine/db';
import { generateDemo, ordersStart, writeDemoCsv, type DemoOptions } from '../../src/engine/demo';
import { DomainError } from '../../src/engine/errors';
import { importFiles } from '../../src/engine/import';
import { addDays, startOfDate, TimestampParser, windowsFor } from '../../src/engine/time';
import { tempDir } from '../helpers/fixture';

const TODAY = '2026-05-24';
const ZONE = 'Asia/Shanghai';
const BASE: DemoOptions = { customers: 20_000, seed: 7, today: TODAY, zone: ZONE };

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const all = parse(fs.readFileSync(file), { bom: true }) as string[][];
  return { header: all[0]!, rows: all.slice(1) };
}

function fileBytes(dir: string): Buffer[] {
  return ['customers.csv', 'orders.csv', 'referrals.csv', 'contributions.csv'].map((f) => fs.readFileSync(path.join(dir, f)));
}

/** Row-by-row equality that stays fast for 200k rows and names the first row that differs. */
function expectSameRows(actual: unknown[][], expected: unknown[][]): void {
  const a = actual.map((r) => JSON.stringify(r));
  const e = expected.map((r) => JSON.stringify(r));
  const k = a.findIndex((line, i) => line !== e[i]);
  if (k >= 0) expect(a[k]).toBe(e[k]);
  expect(a.length).toBe(e.length);
}

function count(db: DB, sql: string, ...params: unknown[]): number {
  return (
    (db
      .prepare(sql)
      .pluck()
      .get(...params) as number | null) ?? 0
  );
}

describe('demo generator', () => {
  let dir: string;
  let db: DB;
  let counts: ReturnType<typeof generateDemo>;

  beforeAll(() => {
    dir = tempDir('tierdesk-demo-');
    db = openDb(path.join(dir, 'demo.db'), { create: true });
    const progress: number[] = [];
    counts = generateDemo(db, { ...BASE, onProgress: (done, total) => progress.push(done / total) });
    expect(progress.at(-1)).toBe(1);
  });

  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes what it reports, about ten orders per customer', () => {
    expect(count(db, 'SELECT count(*) FROM customers')).toBe(20_000);
    expect(count(db, 'SELECT count(*) FROM orders')).toBe(counts.orders);
    expect(count(db, 'SELECT count(*) FROM referrals')).toBe(counts.referrals);
    expect(count(db, 'SELECT count(*) FROM contributions')).toBe(counts.contributions);
    expect(counts.orders / counts.customers).toBeGreaterThan(8);
    expect(counts.orders / counts.customers).toBeLessThan(12);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT customer_id FROM customers WHERE id IN (1, 20000) ORDER BY id').pluck().all()).toEqual([
      'C000001',
      'C020000',
    ]);
    expect(count(db, "SELECT count(*) FROM orders WHERE order_id NOT GLOB 'O[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'")).toBe(0);
  });

  it('puts about 30% of GMV on the top 1% of customers (seed 001)', () => {
    const spend = db
      .prepare(
        "SELECT coalesce(sum(o.amount_fen), 0) FROM customers c LEFT JOIN orders o ON o.cust = c.id AND o.status = 'paid' GROUP BY c.id",
      )
      .pluck()
      .all() as number[];
    spend.sort((a, b) => b - a);
    const total = spend.reduce((a, b) => a + b, 0);
    const top = spend.slice(0, spend.length / 100).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.25);
    expect(top / total).toBeLessThan(0.4);
  });

  it('has ~4% enterprises, ~3% refunded orders and customers without a paid order', () => {
    const enterprises = count(db, "SELECT count(*) FROM customers WHERE kind = 'enterprise'") / 20_000;
    expect(enterprises).toBeGreaterThan(0.03);
    expect(enterprises).toBeLessThan(0.05);
    const refunded = count(db, "SELECT count(*) FROM orders WHERE status = 'refunded'") / counts.orders;
    expect(refunded).toBeGreaterThan(0.02);
    expect(refunded).toBeLessThan(0.045);
    const noPaid =
      count(db, "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.cust = c.id AND o.status = 'paid')") /
      20_000;
    expect(noPaid).toBeGreaterThan(0.05);
    expect(noPaid).toBeLessThan(0.15);
    expect(
      count(
        db,
        "SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.cust = c.id) AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.cust = c.id AND o.status = 'paid')",
      ),
    ).toBeGreaterThan(0);
    expect(count(db, 'SELECT count(*) FROM orders WHERE amount_fen = 0')).toBeGreaterThan(0);
    const verified = count(db, 'SELECT count(*) FROM customers WHERE realname_verified = 1') / 20_000;
    expect(verified).toBeGreaterThan(0.85);
    expect(verified).toBeLessThan(0.95);
    expect(count(db, 'SELECT count(*) FROM customers WHERE phone_verified = 1') / 20_000).toBeGreaterThan(0.9);
  });

  it('has Supreme-qualifying customers, unverified big spenders and Diamond enterprises under the seed policy', () => {
    const w = windowsFor(TODAY, 6, ZONE);
    const sql = `SELECT c.kind, c.realname_verified AS rn, sum(o.amount_fen) AS cum, sum(CASE WHEN o.placed_at >= ${w.windowStart} THEN o.amount_fen ELSE 0 END) AS win
                   FROM customers c JOIN orders o ON o.cust = c.id AND o.status = 'paid' GROUP BY c.id`;
    const rows = db.prepare(sql).all() as { kind: string; rn: number; cum: number; win: number }[];
    const supreme = rows.filter((r) => r.rn === 1 && r.cum > 2_000_000);
    expect(supreme.length / 20_000).toBeGreaterThan(0.002);
    expect(supreme.length / 20_000).toBeLessThan(0.01);
    expect(rows.filter((r) => r.rn === 0 && r.cum > 2_000_000).length).toBeGreaterThan(0);
    const diamondEnterprises = rows.filter(
      (r) => r.kind === 'enterprise' && r.rn === 1 && r.cum <= 2_000_000 && ((r.cum >= 500_000 && r.win > 600_000) || r.win > 1_800_000),
    );
    expect(diamondEnterprises.length).toBeGreaterThan(0);
  });

  it('keeps every order inside the 24 months ending today, and registration before orders', () => {
    const start = ordersStart(TODAY, ZONE);
    expect(start).toBe(startOfDate('2024-05-25', ZONE));
    const end = startOfDate(addDays(TODAY, 1), ZONE);
    const r = db.prepare('SELECT min(placed_at) AS lo, max(placed_at) AS hi FROM orders').get() as { lo: number; hi: number };
    expect(r.lo).toBeGreaterThanOrEqual(start);
    expect(r.hi).toBeLessThan(end);
    // The spread reaches both ends: the first and the last month both have orders.
    expect(r.lo).toBeLessThan(start + 30 * 86_400_000);
    expect(r.hi).toBeGreaterThan(end - 30 * 86_400_000);
    expect(count(db, 'SELECT count(*) FROM orders o JOIN customers c ON c.id = o.cust WHERE o.placed_at < c.registered_at')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM referrals WHERE referred_at >= ?', end)).toBe(0);
    expect(count(db, 'SELECT count(*) FROM contributions WHERE at >= ? OR at < ?', end, start)).toBe(0);
  });

  it('has promoters, self-referrals and customers claimed by two referrers (also at one instant)', () => {
    expect(
      count(db, 'SELECT max(n) FROM (SELECT count(*) AS n FROM referrals WHERE referrer <> referred GROUP BY referrer)'),
    ).toBeGreaterThanOrEqual(5);
    expect(count(db, 'SELECT count(*) FROM referrals WHERE referrer = referred')).toBeGreaterThan(0);
    expect(
      count(db, 'SELECT count(*) FROM (SELECT referred FROM referrals WHERE referrer <> referred GROUP BY referred HAVING count(*) > 1)'),
    ).toBeGreaterThan(0);
    expect(
      count(
        db,
        'SELECT count(*) FROM (SELECT referred FROM referrals WHERE referrer <> referred GROUP BY referred, referred_at HAVING count(*) > 1)',
      ),
    ).toBeGreaterThan(0);
    expect(
      count(
        db,
        'SELECT count(*) FROM referrals s JOIN referrals r ON r.referred = s.referred AND r.referrer <> r.referred WHERE s.referrer = s.referred AND s.referred_at < r.referred_at',
      ),
    ).toBeGreaterThan(0);
    // A referrer is always an earlier customer than the one they refer.
    expect(count(db, 'SELECT count(*) FROM referrals WHERE referrer > referred')).toBe(0);
  });

  it('has small-integer contributions of the three kinds', () => {
    expect(db.prepare('SELECT DISTINCT kind FROM contributions ORDER BY kind').pluck().all()).toEqual(['community', 'event', 'review']);
    const r = db.prepare('SELECT min(points) AS lo, max(points) AS hi FROM contributions').get() as { lo: number; hi: number };
    expect(r.lo).toBeGreaterThanOrEqual(1);
    expect(r.hi).toBeLessThanOrEqual(20);
  });

  it('refuses a database that already has customers, and bad options', () => {
    expect(() => generateDemo(db, BASE)).toThrow(/empty database; this one already has 20000 customers/);
    const other = openDb(path.join(dir, 'bad.db'), { create: true });
    try {
      expect(() => generateDemo(other, { ...BASE, customers: 0 })).toThrow(DomainError);
      expect(() => generateDemo(other, { ...BASE, today: '2026-02-30' })).toThrow(/today must be a date/);
      expect(() => generateDemo(other, { ...BASE, zone: 'Mars/Base' })).toThrow(/unknown time zone "Mars\/Base"/);
      expect(() => generateDemo(other, { ...BASE, seed: 1.5 })).toThrow(/seed must be an integer/);
    } finally {
      other.close();
    }
  });

  it('writes the same population as CSV in the formats of spec §9', () => {
    const out = path.join(dir, 'csv');
    const written = writeDemoCsv(out, BASE);
    expect({ ...written, files: undefined }).toEqual({ ...counts, files: undefined });
    const parser = new TimestampParser(ZONE);
    const form = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}|T\d{2}:\d{2}:\d{2}\+08:00)$/;
    const ts = (text: string) => (form.test(text) ? parser.parse(text) : `bad timestamp "${text}"`);

    const customers = readCsv(written.files.customers);
    expect(customers.header).toEqual(['customer_id', 'name', 'kind', 'realname_verified', 'phone_verified', 'registered_at']);
    const dbCustomers = db
      .prepare('SELECT customer_id, name, kind, realname_verified, phone_verified, registered_at FROM customers ORDER BY id')
      .raw()
      .all() as unknown[][];
    expectSameRows(
      customers.rows.map((r) => [r[0], r[1], r[2], r[3] === 'true' ? 1 : 0, r[4] === 'true' ? 1 : 0, ts(r[5]!)]),
      dbCustomers,
    );
    expect(customers.rows.every((r) => /^(true|false)$/.test(r[3]!) && /^(true|false)$/.test(r[4]!))).toBe(true);
    expect(customers.rows.some((r) => r[2] === 'enterprise' && /有限公司|工作室$/.test(r[1]!))).toBe(true);
    expect(customers.rows.some((r) => r[2] === 'individual' && /^[\u4e00-\u9fff]{2,4}$/.test(r[1]!))).toBe(true);

    const orders = readCsv(written.files.orders);
    expect(orders.header).toEqual(['order_id', 'customer_id', 'placed_at', 'amount', 'status', 'category']);
    expect(orders.rows.every((r) => /^\d+\.\d{2}$/.test(r[3]!))).toBe(true);
    expect(orders.rows.some((r) => r[2]!.endsWith('+08:00'))).toBe(true);
    expect(orders.rows.filter((r) => r[2]!.endsWith('+08:00')).length / orders.rows.length).toBeLessThan(0.05);
    const dbOrders = db
      .prepare(
        'SELECT o.order_id, c.customer_id, o.placed_at, o.amount_fen, o.status, o.category FROM orders o JOIN customers c ON c.id = o.cust ORDER BY o.order_id',
      )
      .raw()
      .all() as unknown[][];
    const csvOrders = orders.rows.map((r) => [r[0], r[1], ts(r[2]!), Math.round(Number(r[3]) * 100), r[4], r[5]]);
    expectSameRows(csvOrders, dbOrders);

    const referrals = readCsv(written.files.referrals);
    expect(referrals.header).toEqual(['referrer_id', 'referred_id', 'referred_at']);
    const dbReferrals = db
      .prepare(
        'SELECT a.customer_id, b.customer_id, r.referred_at FROM referrals r JOIN customers a ON a.id = r.referrer JOIN customers b ON b.id = r.referred ORDER BY 1, 2',
      )
      .raw()
      .all() as unknown[][];
    const csvReferrals = referrals.rows
      .map((r) => [r[0], r[1], ts(r[2]!)])
      .sort((x, y) => (`${x[0]},${x[1]}` < `${y[0]},${y[1]}` ? -1 : 1));
    expectSameRows(csvReferrals, dbReferrals);

    const contributions = readCsv(written.files.contributions);
    expect(contributions.header).toEqual(['customer_id', 'kind', 'points', 'at']);
    expect(contributions.rows.every((r) => /^\d+$/.test(r[2]!))).toBe(true);
    const dbContributions = db
      .prepare('SELECT c.customer_id, k.kind, k.points, k.at FROM contributions k JOIN customers c ON c.id = k.cust ORDER BY k.cust, k.at')
      .raw()
      .all() as unknown[][];
    expectSameRows(
      contributions.rows.map((r) => [r[0], r[1], Number(r[2]), ts(r[3]!)]),
      dbContributions,
    );
  });
});

describe('demo determinism', () => {
  const dirs: string[] = [];
  const write = (opts: DemoOptions) => {
    const d = tempDir('tierdesk-demo-csv-');
    dirs.push(d);
    writeDemoCsv(d, opts);
    return fileBytes(d);
  };
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('gives byte-identical CSV for the same seed and today, different CSV for another seed or day', () => {
    const opts: DemoOptions = { customers: 3000, seed: 42, today: TODAY };
    const a = write(opts);
    const b = write({ ...opts });
    a.forEach((file, k) => expect(file.equals(b[k]!)).toBe(true));
    const c = write({ ...opts, seed: 43 });
    a.forEach((file, k) => expect(file.equals(c[k]!)).toBe(false));
    const d = write({ ...opts, today: '2026-05-25' });
    expect(a[1]!.equals(d[1]!)).toBe(false);
    // Seeds beyond 32 bits are distinct seeds too.
    const e = write({ ...opts, seed: 42 + 2 ** 32 });
    expect(a[1]!.equals(e[1]!)).toBe(false);
  });

  it('imports cleanly via importFiles into exactly what generateDemo writes', async () => {
    const opts: DemoOptions = { customers: 3000, seed: 11, today: TODAY };
    const d = tempDir('tierdesk-demo-import-');
    dirs.push(d);
    const { files } = writeDemoCsv(d, opts);
    const generated = openDb(path.join(d, 'generated.db'), { create: true });
    const imported = openDb(path.join(d, 'imported.db'), { create: true });
    try {
      const counts = generateDemo(generated, opts);
      const r = await importFiles(imported, files, { now: () => Date.UTC(2026, 4, 24), actor: 'test' });
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.files.orders?.rows).toBe(counts.orders);
      const tables = [
        'SELECT customer_id, name, kind, realname_verified, phone_verified, registered_at FROM customers ORDER BY customer_id',
        'SELECT o.order_id, c.customer_id, o.placed_at, o.amount_fen, o.status, o.category FROM orders o JOIN customers c ON c.id = o.cust ORDER BY o.order_id',
        'SELECT a.customer_id, b.customer_id, r.referred_at FROM referrals r JOIN customers a ON a.id = r.referrer JOIN customers b ON b.id = r.referred ORDER BY 1, 2',
        'SELECT c.customer_id, k.kind, k.at, k.points FROM contributions k JOIN customers c ON c.id = k.cust ORDER BY 1, 2, 3',
      ];
      for (const sql of tables)
        expectSameRows(imported.prepare(sql).raw().all() as unknown[][], generated.prepare(sql).raw().all() as unknown[][]);
    } finally {
      generated.close();
      imported.close();
    }
  });

  it('writes instants that read back exactly in a zone with daylight saving time', () => {
    const zone = 'Europe/Berlin';
    const opts: DemoOptions = { customers: 1500, seed: 5, today: '2026-04-15', zone };
    const d = tempDir('tierdesk-demo-dst-');
    dirs.push(d);
    const { files } = writeDemoCsv(d, opts);
    const db = openDb(path.join(d, 'dst.db'), { create: true });
    try {
      generateDemo(db, opts);
      const parser = new TimestampParser(zone);
      const rows = readCsv(files.orders).rows;
      const dbTimes = db.prepare('SELECT placed_at FROM orders ORDER BY order_id').pluck().all() as number[];
      expectSameRows(
        rows.map((r) => [parser.parse(r[2]!)]),
        dbTimes.map((t) => [t]),
      );
      // Both offsets of the zone occur, and orders on the changeover days carry theirs.
      expect(rows.some((r) => r[2]!.endsWith('+01:00'))).toBe(true);
      expect(rows.some((r) => r[2]!.endsWith('+02:00'))).toBe(true);
      const changeover = rows.filter((r) => r[2]!.startsWith('2025-10-26'));
      expect(changeover.length).toBeGreaterThan(0);
      expect(changeover.every((r) => /[+-]\d{2}:\d{2}$/.test(r[2]!))).toBe(true);
    } finally {
      db.close();
    }
  });
});
