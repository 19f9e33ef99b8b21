import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type DB } from '../../src/engine/db';
import { TimestampParser } from '../../src/engine/time';
import { parseCnyToFen } from '@shared/money';
import { evaluate } from '../../src/engine/evaluate';

export function tempDir(prefix = 'tierdesk-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fixed clock: `at('2026-11-23 10:00:00')` in Asia/Shanghai. */
export function clock(local: string): () => number {
  const ms = new TimestampParser('Asia/Shanghai').parse(local)!;
  return () => ms;
}

/** A real database file in a temp dir with a small builder for customers and their events. */
export class Fixture {
  readonly file: string;
  readonly db: DB;
  private ts = new TimestampParser('Asia/Shanghai');
  private orderSeq = 0;
  now: () => number;

  constructor(today = '2026-11-23') {
    this.file = path.join(tempDir(), 'test.db');
    this.now = clock(`${today} 10:00:00`);
    this.db = openDb(this.file, { create: true, now: () => this.now() });
  }

  setToday(date: string): void {
    this.now = clock(`${date} 10:00:00`);
  }

  customer(id: string, o: { realname?: boolean; phone?: boolean; kind?: 'individual' | 'enterprise'; name?: string } = {}): number {
    const r = this.db
      .prepare(
        'INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified, registered_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        o.name ?? `客户${id}`,
        o.kind ?? 'individual',
        o.realname === false ? 0 : 1,
        o.phone === false ? 0 : 1,
        this.ts.parse('2024-01-01'),
      );
    return Number(r.lastInsertRowid);
  }

  key(id: string): number {
    return (this.db.prepare('SELECT id FROM customers WHERE customer_id = ?').get(id) as { id: number }).id;
  }

  order(customer: string, at: string, amount: string, status: 'paid' | 'refunded' = 'paid'): string {
    const id = `O${++this.orderSeq}`;
    this.db
      .prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) VALUES (?, ?, ?, ?, ?)')
      .run(id, this.key(customer), this.ts.parse(at), parseCnyToFen(amount), status);
    return id;
  }

  /** n paid orders of `amount` spread one per day from `from`. */
  orders(customer: string, n: number, from: string, amount = '1.00'): void {
    const start = this.ts.parse(from)!;
    const stmt = this.db.prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) VALUES (?, ?, ?, ?, ?)');
    const k = this.key(customer);
    for (let i = 0; i < n; i++) stmt.run(`O${++this.orderSeq}`, k, start + i * 86_400_000, parseCnyToFen(amount), 'paid');
  }

  referral(referrer: string, referred: string, at: string): void {
    this.db
      .prepare('INSERT INTO referrals (referrer, referred, referred_at) VALUES (?, ?, ?)')
      .run(this.key(referrer), this.key(referred), this.ts.parse(at));
  }

  contribution(customer: string, kind: string, points: number, at: string): void {
    this.db
      .prepare('INSERT INTO contributions (cust, kind, at, points) VALUES (?, ?, ?, ?)')
      .run(this.key(customer), kind, this.ts.parse(at), points);
  }

  evaluate(asOf?: string) {
    return evaluate(this.db, { ...(asOf ? { asOf } : {}), now: this.now, actor: 'test' });
  }

  tier(customer: string): { tier: string; computed: string; pending: string | null; protectedUntil: string | null; since: string | null } {
    const r = this.db
      .prepare('SELECT tier, computed_tier, pending_tier, protected_until, since FROM assignments WHERE cust = ?')
      .get(this.key(customer)) as
      | { tier: string; computed_tier: string; pending_tier: string | null; protected_until: string | null; since: string | null }
      | undefined;
    return r
      ? { tier: r.tier, computed: r.computed_tier, pending: r.pending_tier, protectedUntil: r.protected_until, since: r.since }
      : { tier: 'none', computed: 'none', pending: null, protectedUntil: null, since: null };
  }

  history(
    customer: string,
  ): { from_tier: string; to_tier: string; on_date: string; cause: string; actor: string; reason: string | null }[] {
    return this.db
      .prepare('SELECT from_tier, to_tier, on_date, cause, actor, reason FROM tier_history WHERE cust = ? ORDER BY id')
      .all(this.key(customer)) as never;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
