import type { Statement } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { platformZone } from './db';
import type { WritableDB } from './sql/connection';
import { count } from './sql/connection';
import { DomainError } from './errors';
import { DEFAULT_ZONE } from './time';
import { DemoGenerator, type DemoCounts, type DemoOptions, type DemoSink } from './demo/model';

export type { DemoCounts, DemoOptions } from './demo/model';
export { ordersStart } from './demo/model';

/**
 * Fills an empty database with the demo population (spec-shaped: fen, epoch ms, internal ids), one
 * transaction per chunk of customers so memory stays flat at any size. Deterministic for
 * (customers, seed, today, zone).
 */
export function generateDemo(db: WritableDB, opts: DemoOptions): DemoCounts {
  const zone = opts.zone ?? platformZone(db);
  const gen = new DemoGenerator(opts, zone);
  const existing = count(db, 'SELECT count(*) AS n FROM customers');
  if (existing > 0)
    throw new DomainError('DEMO_NOT_EMPTY', `demo data goes into an empty database; this one already has ${existing} customers`);
  const customers = new BatchInsert(db, 'customers', [
    'id',
    'customer_id',
    'name',
    'kind',
    'realname_verified',
    'phone_verified',
    'registered_at',
  ]);
  const orders = new BatchInsert(db, 'orders', ['order_id', 'cust', 'placed_at', 'amount_fen', 'status', 'category']);
  const referrals = new BatchInsert(db, 'referrals', ['referrer', 'referred', 'referred_at']);
  const contributions = new BatchInsert(db, 'contributions', ['cust', 'kind', 'at', 'points']);
  const sink: DemoSink = {
    customer: (cust, key, name, kind, realname, phone, registeredAt) =>
      customers.add(cust, key, name, kind, realname ? 1 : 0, phone ? 1 : 0, registeredAt),
    order: (orderId, cust, _key, placedAt, fen, status, cat) => orders.add(orderId, cust, placedAt, fen, status, cat),
    referral: (referrer, _rk, referred, _dk, at) => referrals.add(referrer, referred, at),
    contribution: (cust, _key, kind, points, at) => contributions.add(cust, kind, at, points),
  };
  // Customers go in first: the other rows of the chunk name them.
  const chunk = db.transaction(() => {
    gen.chunk(sink);
    for (const b of [customers, orders, referrals, contributions]) b.flush();
  });
  while (!gen.done) chunk();
  return gen.counts;
}

/**
 * Rows of one chunk, written by multi-row INSERTs: one statement call per 64 rows costs about two
 * thirds of the time of one call per row, which is most of the generator's run time.
 */
class BatchInsert {
  private static readonly ROWS = 64;
  private readonly full: Statement<unknown[]>;
  private readonly one: Statement<unknown[]>;
  private readonly values: unknown[] = [];
  private readonly width: number;

  constructor(db: WritableDB, table: string, columns: string[]) {
    this.width = columns.length;
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.full = db.prepare(head + Array.from({ length: BatchInsert.ROWS }, () => row).join(', '));
    this.one = db.prepare(head + row);
  }

  add(...row: unknown[]): void {
    for (const v of row) this.values.push(v);
  }

  flush(): void {
    const v = this.values;
    const step = BatchInsert.ROWS * this.width;
    let k = 0;
    for (; k + step <= v.length; k += step) this.full.run(v.slice(k, k + step));
    for (; k < v.length; k += this.width) this.one.run(v.slice(k, k + this.width));
    v.length = 0;
  }
}

export const DEMO_FILES = {
  customers: 'customers.csv',
  orders: 'orders.csv',
  referrals: 'referrals.csv',
  contributions: 'contributions.csv',
} as const;

/**
 * Appends lines to a file through a fixed buffer: encoding each line straight into bytes keeps the
 * garbage collector out of the way (a growing string of a chunk's lines cost more than the data).
 */
class LineFile {
  private static readonly SIZE = 1 << 22;
  private readonly buf = Buffer.allocUnsafe(LineFile.SIZE);
  private used = 0;
  private readonly fd: number;
  constructor(file: string, header: string) {
    this.fd = fs.openSync(file, 'w');
    this.line(header);
  }
  line(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 + 1 > LineFile.SIZE) this.flush();
    this.used += this.buf.write(text, this.used, 'utf8');
    this.buf[this.used++] = 10;
  }
  flush(): void {
    if (this.used > 0) fs.writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/**
 * Writes the same population as `generateDemo` as the four CSV files of spec §9 into `dir` (created if
 * missing): UTF-8 without BOM, LF, platform-time timestamps without offset and a few with one.
 * Returns the counts and the file paths.
 */
export function writeDemoCsv(dir: string, opts: DemoOptions): DemoCounts & { files: Record<keyof typeof DEMO_FILES, string> } {
  const gen = new DemoGenerator(opts, opts.zone ?? DEFAULT_ZONE);
  const clock = gen.clock;
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    customers: path.join(dir, DEMO_FILES.customers),
    orders: path.join(dir, DEMO_FILES.orders),
    referrals: path.join(dir, DEMO_FILES.referrals),
    contributions: path.join(dir, DEMO_FILES.contributions),
  };
  const customers = new LineFile(files.customers, 'customer_id,name,kind,realname_verified,phone_verified,registered_at');
  const orders = new LineFile(files.orders, 'order_id,customer_id,placed_at,amount,status,category');
  const referrals = new LineFile(files.referrals, 'referrer_id,referred_id,referred_at');
  const contributions = new LineFile(files.contributions, 'customer_id,kind,points,at');
  const all = [customers, orders, referrals, contributions];
  // A wall time on a DST-change day can be ambiguous, so such instants always carry their offset.
  const stamp = (ms: number, offset: boolean) => (offset || clock.irregular(ms) ? clock.withOffset(ms) : clock.local(ms));
  const sink: DemoSink = {
    customer: (_c, key, name, kind, realname, phone, registeredAt) =>
      customers.line(`${key},${name},${kind},${realname},${phone},${stamp(registeredAt, false)}`),
    order: (orderId, _c, key, placedAt, fen, status, cat, offset) =>
      orders.line(
        `${orderId},${key},${stamp(placedAt, offset)},${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')},${status},${cat}`,
      ),
    referral: (_r, referrerKey, _d, referredKey, at) => referrals.line(`${referrerKey},${referredKey},${stamp(at, false)}`),
    contribution: (_c, key, kind, points, at) => contributions.line(`${key},${kind},${points},${stamp(at, false)}`),
  };
  try {
    while (!gen.done) gen.chunk(sink);
  } finally {
    for (const f of all) f.close();
  }
  return { ...gen.counts, files };
}
