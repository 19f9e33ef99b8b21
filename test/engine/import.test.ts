import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type DB } from '../../src/engine/db';
import { formatError, importFiles, type ImportOptions, type ImportResult, type ImportSources } from '../../src/engine/import/index';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');
const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const opts: ImportOptions = { now: () => NOW, actor: 'tester' };

const CUSTOMERS = 'customer_id,name,kind,realname_verified,phone_verified,registered_at\n';
const ORDERS = 'order_id,customer_id,placed_at,amount,status\n';
const REFERRALS = 'referrer_id,referred_id,referred_at\n';
const CONTRIBUTIONS = 'customer_id,kind,points,at\n';
const TWO_CUSTOMERS = CUSTOMERS + 'C1,张三,individual,true,true,2024-01-01\nC2,李四,enterprise,false,1,\n';

let dir: string;
let db: DB;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-import-'));
  db = openDb(path.join(dir, 'test.db'), { create: true, now: () => NOW });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes each named content to a real file in the temp dir and returns the sources. */
function files(contents: Partial<Record<keyof ImportSources, string | Buffer>>): ImportSources {
  const out: ImportSources = {};
  for (const [kind, content] of Object.entries(contents)) {
    const file = path.join(dir, `${kind}.csv`);
    fs.writeFileSync(file, content);
    out[kind as keyof ImportSources] = file;
  }
  return out;
}

async function run(
  contents: Partial<Record<keyof ImportSources, string | Buffer>>,
  extra: Partial<ImportOptions> = {},
): Promise<ImportResult> {
  return importFiles(db, files(contents), { ...opts, ...extra });
}

async function errorsOf(contents: Partial<Record<keyof ImportSources, string | Buffer>>): Promise<string[]> {
  const r = await run(contents);
  expect(r.ok).toBe(false);
  return r.errors.map(formatError);
}

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const orderRow = (id: string) => db.prepare('SELECT * FROM orders WHERE order_id = ?').get(id) as Record<string, unknown> | undefined;

describe('importFiles: good files', () => {
  it('imports the fixture files: header order free, extra columns ignored, quotes, Chinese text, optional columns', async () => {
    const r = await importFiles(
      db,
      {
        customers: path.join(FIXTURES, 'customers.csv'),
        orders: path.join(FIXTURES, 'orders.csv'),
        referrals: path.join(FIXTURES, 'referrals.csv'),
        contributions: path.join(FIXTURES, 'contributions.csv'),
      },
      opts,
    );
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files).toEqual({
      customers: { file: 'customers.csv', rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      orders: { file: 'orders.csv', rows: 4, inserted: 4, updated: 0, unchanged: 0 },
      referrals: { file: 'referrals.csv', rows: 2, inserted: 2, updated: 0, unchanged: 0 },
      contributions: { file: 'contributions.csv', rows: 3, inserted: 3, updated: 0, unchanged: 0 },
    });
    expect(
      db
        .prepare('SELECT customer_id, name, kind, realname_verified, phone_verified, registered_at FROM customers ORDER BY customer_id')
        .all(),
    ).toEqual([
      {
        customer_id: 'C001',
        name: '张三',
        kind: 'individual',
        realname_verified: 1,
        phone_verified: 1,
        registered_at: Date.parse('2024-03-01T09:00:00+08:00'),
      },
      {
        customer_id: 'C002',
        name: '李四, 北京',
        kind: 'enterprise',
        realname_verified: 1,
        phone_verified: 0,
        registered_at: Date.parse('2024-05-20T00:00:00+08:00'),
      },
      { customer_id: 'C003', name: '王五', kind: 'individual', realname_verified: 0, phone_verified: 0, registered_at: null },
    ]);
    expect(
      db
        .prepare(
          'SELECT o.order_id, c.customer_id, o.placed_at, o.amount_fen, o.status, o.category FROM orders o JOIN customers c ON c.id = o.cust ORDER BY o.order_id',
        )
        .all(),
    ).toEqual([
      {
        order_id: 'O1',
        customer_id: 'C001',
        placed_at: Date.parse('2026-05-24T07:30:00+08:00'),
        amount_fen: 49999,
        status: 'paid',
        category: '游戏点卡',
      },
      {
        order_id: 'O2',
        customer_id: 'C002',
        placed_at: Date.parse('2026-05-25T08:00:00+08:00'),
        amount_fen: 2000000,
        status: 'paid',
        category: null,
      },
      {
        order_id: 'O3',
        customer_id: 'C002',
        placed_at: Date.parse('2026-06-01T00:00:00+08:00'),
        amount_fen: 0,
        status: 'paid',
        category: '软件授权',
      },
      {
        order_id: 'O4',
        customer_id: 'C003',
        placed_at: Date.parse('2026-06-02T01:00:00Z'),
        amount_fen: 1250,
        status: 'refunded',
        category: '充值卡',
      },
    ]);
    expect(
      db
        .prepare(
          'SELECT a.customer_id AS a, b.customer_id AS b, referred_at FROM referrals r JOIN customers a ON a.id = r.referrer JOIN customers b ON b.id = r.referred ORDER BY a',
        )
        .all(),
    ).toEqual([
      { a: 'C001', b: 'C002', referred_at: Date.parse('2025-01-01T00:00:00+08:00') },
      { a: 'C002', b: 'C003', referred_at: Date.parse('2025-02-01T10:00:00+08:00') },
    ]);
    expect(
      db
        .prepare(
          'SELECT c.customer_id, x.kind, points, at FROM contributions x JOIN customers c ON c.id = x.cust ORDER BY c.customer_id, x.kind',
        )
        .all(),
    ).toEqual([
      { customer_id: 'C001', kind: 'community', points: 10, at: Date.parse('2026-05-01T00:00:00+08:00') },
      { customer_id: 'C001', kind: 'review', points: 5, at: Date.parse('2026-05-01T00:00:00+08:00') },
      { customer_id: 'C003', kind: 'event', points: 0, at: Date.parse('2026-06-01T12:00:00+08:00') },
    ]);
  });

  it('reads UTF-8 with a BOM and CRLF line ends, Chinese names and a quoted field with a CRLF inside', async () => {
    const customers =
      '\ufeff' +
      [
        'customer_id,name,kind,realname_verified,phone_verified,registered_at',
        'C1,"欧阳 娜娜",individual,TRUE,true,2024-01-01',
        'C2,"上海某某网络科技有限公司\r\n采购部",enterprise,1,1,2024-02-01',
        'C3,"张""小""三",individual,0,0,',
      ].join('\r\n') +
      '\r\n';
    const r = await run({
      customers: Buffer.from(customers, 'utf8'),
      orders: ORDERS.replace(/\n/g, '\r\n') + 'O1,C3,2026-01-01,1.00,paid\r\n',
    });
    expect(r.errors).toEqual([]);
    expect(db.prepare('SELECT customer_id, name FROM customers ORDER BY customer_id').all()).toEqual([
      { customer_id: 'C1', name: '欧阳 娜娜' },
      { customer_id: 'C2', name: '上海某某网络科技有限公司\r\n采购部' },
      { customer_id: 'C3', name: '张"小"三' },
    ]);
    expect(orderRow('O1')).toMatchObject({ amount_fen: 100 });
  });

  it('stores timestamps with Z, +08:00, +0800, without an offset and bare dates as the right instants', async () => {
    const r = await run({
      customers: TWO_CUSTOMERS,
      orders:
        ORDERS +
        [
          'Z,C1,2026-05-23T23:30:00Z,1,paid',
          'P1,C1,2026-05-24T07:30:00+08:00,1,paid',
          'P2,C1,2026-05-24 07:30:00+0800,1,paid',
          'NY,C1,2026-05-23T19:30:00-04:00,1,paid',
          'LOCAL,C1,2026-05-24 07:30:00,1,paid',
          'LOCALT,C1,2026-05-24T07:30,1,paid',
          'DATE,C1,2026-05-24,1,paid',
          'FRAC,C1,2026-05-24 07:30:00.250,1,paid',
        ].join('\n') +
        '\n',
    });
    expect(r.errors).toEqual([]);
    const at = (id: string) => orderRow(id)!.placed_at;
    const instant = 1779579000000; // 2026-05-23T23:30:00Z = 2026-05-24 07:30 in Shanghai
    expect(Date.parse('2026-05-23T23:30:00Z')).toBe(instant);
    for (const id of ['Z', 'P1', 'P2', 'NY', 'LOCAL', 'LOCALT']) expect(at(id), id).toBe(instant);
    expect(at('DATE')).toBe(instant - 7.5 * 3600_000);
    expect(at('FRAC')).toBe(instant + 250);
  });

  it('reads timestamps without an offset in the zone of the options, else the platform zone', async () => {
    await run({ customers: TWO_CUSTOMERS, orders: ORDERS + 'O1,C1,2026-05-24 07:30:00,1,paid\n' }, { zone: 'UTC' });
    expect(orderRow('O1')!.placed_at).toBe(Date.parse('2026-05-24T07:30:00Z'));
    db.prepare("UPDATE settings SET value = 'Europe/Berlin' WHERE key = 'timezone'").run();
    await run({ orders: ORDERS + 'O2,C1,2026-05-24 07:30:00,1,paid\n' });
    expect(orderRow('O2')!.placed_at).toBe(Date.parse('2026-05-24T07:30:00+02:00'));
  });

  it('re-importing the same files changes nothing; an order turned refunded is updated', async () => {
    const contents = {
      customers: TWO_CUSTOMERS,
      orders: ORDERS + 'O1,C1,2026-01-01,10.00,paid\nO2,C2,2026-01-02 10:00:00,20,paid\n',
      referrals: REFERRALS + 'C1,C2,2025-12-01\n',
      contributions: CONTRIBUTIONS + 'C1,review,3,2026-01-01\n',
    };
    const first = await run(contents);
    expect(first.ok).toBe(true);
    const again = await run(contents);
    expect(again.ok).toBe(true);
    for (const [kind, rows] of [
      ['customers', 2],
      ['orders', 2],
      ['referrals', 1],
      ['contributions', 1],
    ] as const) {
      expect(again.files[kind], kind).toMatchObject({ rows, inserted: 0, updated: 0, unchanged: rows });
    }
    const refunded = await run({
      orders: ORDERS + 'O1,C1,2026-01-01,10.00,refunded\nO2,C2,2026-01-02 10:00:00,20,paid\nO3,C2,2026-01-03,5,paid\n',
      customers: CUSTOMERS + 'C1,张三丰,individual,true,true,2024-01-01\n',
      contributions: CONTRIBUTIONS + 'C1,review,4,2026-01-01T00:00:00+08:00\n',
    });
    expect(refunded.errors).toEqual([]);
    expect(refunded.files.orders).toEqual({ file: 'orders.csv', rows: 3, inserted: 1, updated: 1, unchanged: 1 });
    expect(refunded.files.customers).toEqual({ file: 'customers.csv', rows: 1, inserted: 0, updated: 1, unchanged: 0 });
    expect(refunded.files.contributions).toEqual({ file: 'contributions.csv', rows: 1, inserted: 0, updated: 1, unchanged: 0 });
    expect(orderRow('O1')!.status).toBe('refunded');
    expect(count('orders')).toBe(3);
  });

  it('writes one audit row per import with the per-file counts, by the actor at now()', async () => {
    await run({ customers: TWO_CUSTOMERS });
    const rows = db.prepare("SELECT at, actor, action, entity, details FROM audit_log WHERE action = 'import'").all() as {
      at: number;
      actor: string;
      action: string;
      entity: string;
      details: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ at: NOW, actor: 'tester', entity: 'data' });
    expect(JSON.parse(rows[0]!.details)).toEqual({
      files: { customers: { file: 'customers.csv', rows: 2, inserted: 2, updated: 0, unchanged: 0 } },
    });
  });

  it('takes content instead of paths (the console sends files), named for messages', async () => {
    const r = await importFiles(
      db,
      {
        customers: { name: '客户.csv', data: TWO_CUSTOMERS },
        orders: { name: 'orders-2026.csv', data: new TextEncoder().encode(ORDERS + 'O1,C1,2026-01-01,1,paid\nO2,C9,2026-01-01,1,paid\n') },
      },
      opts,
    );
    expect(r.errors.map(formatError)).toEqual([
      'orders-2026.csv:3: customer_id: unknown customer "C9" (not in the database nor in this import\'s customers file)',
    ]);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const r = await run({ customers: TWO_CUSTOMERS, orders: ORDERS + 'O1,C1,2026-01-01,1,paid\n' }, { dryRun: true });
    expect(r).toMatchObject({ ok: true, dryRun: true, errorCount: 0 });
    expect(r.files.orders).toMatchObject({ inserted: 1 });
    expect(count('customers') + count('orders') + count('audit_log')).toBe(0);
  });

  it('skips blank rows and reports progress up to the total size', async () => {
    const content = TWO_CUSTOMERS + '\n,,,,,\n';
    const seen: { file: string; rows: number; bytes: number; totalBytes: number }[] = [];
    const r = await run({ customers: content }, { onProgress: (p) => seen.push(p) });
    expect(r.files.customers?.rows).toBe(2);
    expect(seen.at(-1)).toEqual({
      file: 'customers.csv',
      rows: 2,
      bytes: Buffer.byteLength(content),
      totalBytes: Buffer.byteLength(content),
    });
  });

  it('a cancelled import rolls back and says so', async () => {
    const ac = new AbortController();
    const big = ORDERS + Array.from({ length: 60_000 }, (_, i) => `O${i},C1,2026-01-01,1,paid`).join('\n');
    const r = await run(
      { customers: TWO_CUSTOMERS, orders: big },
      {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.file === 'orders.csv') ac.abort();
        },
      },
    );
    expect(r).toMatchObject({ ok: false, cancelled: true });
    expect(count('customers')).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses a missing file before touching the database, naming it', async () => {
    await expect(importFiles(db, { orders: path.join(dir, 'nope.csv') }, opts)).rejects.toThrow(
      `${path.join(dir, 'nope.csv')}: no such file`,
    );
    await expect(importFiles(db, {}, opts)).rejects.toThrow('nothing to import');
  });
});

describe('importFiles: bad rows', () => {
  const unknown = (id: string) => `unknown customer "${id}" (not in the database nor in this import's customers file)`;

  it('orders, referrals and contributions of an unknown customer', async () => {
    expect(
      await errorsOf({
        customers: TWO_CUSTOMERS,
        orders: ORDERS + 'O1,C1,2026-01-01,1,paid\nO2,C3,2026-01-01,1,paid\n',
        referrals: REFERRALS + 'C1,C2,2026-01-01\nC4,C1,2026-01-01\nC1,C5,2026-01-01\n',
        contributions: CONTRIBUTIONS + 'C6,review,1,2026-01-01\n',
      }),
    ).toEqual([
      `orders.csv:3: customer_id: ${unknown('C3')}`,
      `referrals.csv:3: referrer_id: ${unknown('C4')}`,
      `referrals.csv:4: referred_id: ${unknown('C5')}`,
      `contributions.csv:2: customer_id: ${unknown('C6')}`,
    ]);
  });

  it('customers already in the database are known', async () => {
    await run({ customers: TWO_CUSTOMERS });
    const r = await run({ orders: ORDERS + 'O1,C2,2026-01-01,1,paid\n' });
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('a key twice inside one file, on the second occurrence', async () => {
    expect(
      await errorsOf({
        customers: TWO_CUSTOMERS + 'C1,又一个,individual,1,1,\n',
        orders: ORDERS + 'O1,C1,2026-01-01,1,paid\nO2,C1,2026-01-01,1,paid\nO1,C2,2026-01-05,2,paid\n',
        referrals: REFERRALS + 'C1,C2,2026-01-01\nC2,C1,2026-01-01\nC1,C2,2026-02-01\n',
        contributions:
          CONTRIBUTIONS + 'C1,review,1,2026-01-01 08:00:00\nC1,review,2,2026-01-01T00:00:00Z\nC1,event,2,2026-01-01T00:00:00Z\n',
      }),
    ).toEqual([
      'customers.csv:4: customer_id: customer "C1" appears twice in this file (first on line 2)',
      'orders.csv:4: order_id: order "O1" appears twice in this file (first on line 2)',
      'referrals.csv:4: referrer_id: referral "C1" → "C2" appears twice in this file (first on line 2)',
      'contributions.csv:3: customer_id: contribution "C1" "review" at "2026-01-01T00:00:00Z" appears twice in this file (first on line 2)',
    ]);
  });

  it('a key of the database is not a key twice: the row updates it', async () => {
    await run({ customers: TWO_CUSTOMERS, orders: ORDERS + 'O1,C1,2026-01-01,1,paid\n' });
    const r = await run({ orders: ORDERS + 'O1,C1,2026-01-01,1,refunded\n' });
    expect(r.files.orders).toMatchObject({ updated: 1 });
  });

  it('each malformed amount of spec §2; 0.00 and trimmed spaces are fine', async () => {
    const amounts = ['1,000', '¥5', '1.234', '.5', '+5', '-5', '', '5.', '1e3', '５'];
    const rows = amounts.map((a, i) => `O${i},C1,2026-01-01,"${a}",paid`);
    const r = await run({
      customers: TWO_CUSTOMERS,
      orders: ORDERS + rows.join('\n') + '\nOK1,C1,2026-01-01,0.00,paid\nOK2,C1,2026-01-01, 7.5 ,paid\n',
    });
    expect(r.errors.map(formatError)).toEqual([
      'orders.csv:2: amount: "1,000" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:3: amount: "¥5" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:4: amount: "1.234" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:5: amount: ".5" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:6: amount: "+5" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:7: amount: "-5" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:8: amount: empty (an amount in CNY is required)',
      'orders.csv:9: amount: "5." is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:10: amount: "1e3" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:11: amount: "５" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
    ]);
    expect(r.errorCount).toBe(10);
  });

  it('bad dates, enums, booleans and points', async () => {
    const ts = (v: string) => `"${v}" is not a timestamp (2026-05-24, 2026-05-24 07:30:00 or with an offset: 2026-05-24T07:30:00+08:00)`;
    expect(
      await errorsOf({
        customers:
          CUSTOMERS +
          [
            'C1,a,individual,yes,1,',
            'C2,b,company,1,1,',
            'C3,c,individual,1,2,',
            'C4,d,individual,1,1,2024/01/01',
            'C5,e,Enterprise,1,1,',
          ].join('\n') +
          '\n',
        orders:
          ORDERS +
          [
            'O1,C1,2026-02-30,1,paid',
            'O2,C1,2026-01-01 24:00:00,1,paid',
            'O3,C1,,1,paid',
            'O4,C1,2026-01-01,1,cancelled',
            'O5,C1,2026-01-01+08:00,1,paid',
            'O6,C1,26-01-01,1,paid',
          ].join('\n') +
          '\n',
        referrals: REFERRALS + 'C1,C2,yesterday\n',
        contributions:
          CONTRIBUTIONS + 'C1,review,-3,2026-01-01\nC1,help,1.5,2026-01-01\nC1,event,,2026-01-01\nC1,,1,2026-01-01\nC1,x,1,2026-13-01\n',
      }),
    ).toEqual([
      'customers.csv:2: realname_verified: "yes" is not a boolean (true, false, 1 or 0)',
      'customers.csv:3: kind: "company" is not one of individual, enterprise',
      'customers.csv:4: phone_verified: "2" is not a boolean (true, false, 1 or 0)',
      `customers.csv:5: registered_at: ${ts('2024/01/01')}`,
      'customers.csv:6: kind: "Enterprise" is not one of individual, enterprise',
      `orders.csv:2: placed_at: ${ts('2026-02-30')}`,
      `orders.csv:3: placed_at: ${ts('2026-01-01 24:00:00')}`,
      'orders.csv:4: placed_at: empty (a timestamp is required)',
      'orders.csv:5: status: "cancelled" is not one of paid, refunded',
      `orders.csv:6: placed_at: ${ts('2026-01-01+08:00')}`,
      `orders.csv:7: placed_at: ${ts('26-01-01')}`,
      `referrals.csv:2: referred_at: ${ts('yesterday')}`,
      'contributions.csv:2: points: "-3" is not a whole number ≥ 0',
      'contributions.csv:3: points: "1.5" is not a whole number ≥ 0',
      'contributions.csv:4: points: "" is not a whole number ≥ 0',
      'contributions.csv:5: kind: empty',
      `contributions.csv:6: at: ${ts('2026-13-01')}`,
    ]);
  });

  it('a missing column is an error on line 1 naming it; a column twice in the header too', async () => {
    expect(
      await errorsOf({
        customers: 'customer_id,name,kind,realname_verified,registered_at\nC1,a,individual,1,\n',
        orders: 'order_id,customer_id,placed_at,status,Amount,amount\n',
        referrals: 'referrer,referred_id\n',
      }),
    ).toEqual([
      'customers.csv:1: phone_verified: missing column (the header has: customer_id, name, kind, realname_verified, registered_at)',
      'orders.csv:1: amount: the column appears twice in the header',
      'referrals.csv:1: referrer_id: missing column (the header has: referrer, referred_id)',
      'referrals.csv:1: referred_at: missing column (the header has: referrer, referred_id)',
    ]);
  });

  it('an empty file, a short row and a row with more fields than the header', async () => {
    expect(
      await errorsOf({
        customers: '',
        orders: ORDERS + 'O1,C1,2026-01-01\nO2,C1,2026-01-01,1,paid,x\nO3,C1,2026-01-01,1,paid,,\n',
      }),
    ).toEqual([
      'customers.csv:1: header: the file is empty (a header row is required)',
      'orders.csv:2: amount: the row has 3 fields, the header has 5',
      'orders.csv:3: row: the row has 6 fields, the header has 5',
    ]);
  });

  it('lines are physical lines: quoted fields with LF, CRLF and CR inside, blank lines', async () => {
    const orders = [
      'order_id,customer_id,placed_at,amount,status,category',
      'O1,C1,2026-01-01,1,paid,"two\nlines"',
      'O2,C1,2026-01-01,bad,paid,x',
      '"O3",C1,2026-01-01,1,paid,"three\r\nphysical\r\nlines"',
      'O4,C1,2026-01-01,bad,paid,x',
      '',
      'O5,C1,2026-01-01,1,paid,"old\rmac"',
      'O6,C1,2026-01-01,bad,paid,x',
    ].join('\r\n');
    expect(await errorsOf({ customers: TWO_CUSTOMERS, orders })).toEqual([
      'orders.csv:4: amount: "bad" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:8: amount: "bad" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
      'orders.csv:12: amount: "bad" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
    ]);
  });

  it('a malformed quote stops that file with its line; other files are still checked', async () => {
    expect(
      await errorsOf({
        customers: TWO_CUSTOMERS,
        orders: ORDERS + 'O1,C1,2026-01-01,1,paid\nO2,C1,"2026-01-01"x,1,paid\nO3,C1,2026-01-01,1,paid\n',
        referrals: REFERRALS + 'C1,C9,2026-01-01\n',
      }),
    ).toEqual([
      'orders.csv:3: row: a closing quote must be followed by a comma or the end of the line (write "" for a quote inside a quoted field); the rest of the file was not read',
      `referrals.csv:2: referred_id: ${unknown('C9')}`,
    ]);
    expect(await errorsOf({ customers: TWO_CUSTOMERS, orders: ORDERS + 'O1,C1,2026-01-01,1,paid\nO2,C1,"2026-01-01,1,paid\n' })).toEqual([
      'orders.csv:3: row: a quoted field is never closed (a missing closing "); the rest of the file was not read',
    ]);
  });

  it('a file that is not UTF-8 (GBK from Excel) is refused with the line of the first bad byte', async () => {
    // "张三" in GBK: D5 C5 C8 FD.
    const gbk = Buffer.concat([
      Buffer.from(CUSTOMERS + 'C1,ok,individual,1,1,\nC2,'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
      Buffer.from(',individual,1,1,\n'),
    ]);
    expect(await errorsOf({ customers: gbk })).toEqual([
      'customers.csv:3: row: not UTF-8 text (byte 95 of the file); save it as UTF-8 (Excel: "CSV UTF-8"), not GBK/ANSI',
    ]);
  });

  it('when the customers file cannot be read to its end, its ids are not reported as unknown', async () => {
    expect(
      await errorsOf({
        customers: 'customer_id,name,kind\nC1,a,individual\n',
        orders: ORDERS + 'O1,C1,2026-01-01,1,paid\nO2,C1,2026-01-01,x,paid\n',
      }),
    ).toEqual([
      'customers.csv:1: realname_verified: missing column (the header has: customer_id, name, kind)',
      'customers.csv:1: phone_verified: missing column (the header has: customer_id, name, kind)',
      'customers.csv:1: registered_at: missing column (the header has: customer_id, name, kind)',
      'orders.csv:3: amount: "x" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
    ]);
  });

  it('a bad customer row does not make its orders unknown-customer errors', async () => {
    expect(
      await errorsOf({
        customers: CUSTOMERS + 'C1,a,person,1,1,\n',
        orders: ORDERS + 'O1,C1,2026-01-01,1,paid\n',
      }),
    ).toEqual(['customers.csv:2: kind: "person" is not one of individual, enterprise']);
  });

  it('one bad row among 1,000 inserts nothing in any file', async () => {
    await run({ customers: CUSTOMERS + 'OLD,老客户,individual,1,1,\n' });
    const auditBefore = count('audit_log');
    const customers = CUSTOMERS + Array.from({ length: 1000 }, (_, i) => `C${i},客户${i},individual,1,1,2024-01-01`).join('\n') + '\n';
    const rows = Array.from({ length: 1000 }, (_, i) => `O${i},C${i % 1000},2026-01-01 10:00:00,${i}.50,paid`);
    rows[777] = 'O777,C777,2026-01-01 10:00:00,77.777,paid';
    const r = await run({
      customers,
      orders: ORDERS + rows.join('\n') + '\n',
      referrals: REFERRALS + 'C1,C2,2026-01-01\n',
      contributions: CONTRIBUTIONS + 'OLD,review,1,2026-01-01\n',
    });
    expect(r.ok).toBe(false);
    expect(r.errors.map(formatError)).toEqual([
      'orders.csv:779: amount: "77.777" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
    ]);
    expect(r.files.customers).toEqual({ file: 'customers.csv', rows: 1000, inserted: 0, updated: 0, unchanged: 0 });
    expect([count('customers'), count('orders'), count('referrals'), count('contributions'), count('audit_log')]).toEqual([
      1,
      0,
      0,
      0,
      auditBefore,
    ]);
  });

  it('keeps lines, repeats and lookups right across many read batches (a 5 MB file)', async () => {
    const rows: string[] = [];
    let line = 1;
    const expected: string[] = [];
    for (let i = 0; i < 150_000; i++) {
      line++;
      if (i % 1000 === 7) {
        // A quoted category over three physical lines.
        rows.push(`O${i},C${i % 2 ? 1 : 2},2026-01-01 10:00:00,1.00,paid,"多行\r\n备注\r\n${i}"`);
        line += 2;
      } else if (i === 140_001) {
        rows.push('O5,C1,2026-01-01,1,paid,');
        expected.push(`orders.csv:${line}: order_id: order "O5" appears twice in this file (first on line 7)`);
      } else if (i % 50_000 === 49_999) {
        rows.push(`O${i},C3,2026-01-01,1,paid,`);
        expected.push(`orders.csv:${line}: customer_id: unknown customer "C3" (not in the database nor in this import's customers file)`);
      } else {
        rows.push(`O${i},C${i % 2 ? 1 : 2},2026-01-01 10:00:00,${i % 100}.25,${i % 9 ? 'paid' : 'refunded'},`);
      }
    }
    const orders = 'order_id,customer_id,placed_at,amount,status,category\r\n' + rows.join('\r\n') + '\r\n';
    expect(orders.length).toBeGreaterThan(5 << 20);
    const r = await run({ customers: TWO_CUSTOMERS, orders });
    expect(r.errors.map(formatError)).toEqual(expected);
    expect(r.files.orders?.rows).toBe(150_000);
  });

  it('lists the first 100 bad rows and counts them all', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `O${i},C1,2026-01-01,${i % 2 ? 'x' : '1'},paid`);
    const r = await run({ customers: TWO_CUSTOMERS, orders: ORDERS + rows.join('\n') });
    expect(r.errorCount).toBe(125);
    expect(r.errors).toHaveLength(100);
    expect(r.errors[99]).toMatchObject({ file: 'orders.csv', line: 201, column: 'amount' });
  });
});
