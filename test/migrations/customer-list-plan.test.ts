import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { listCustomers } from '../../src/engine/queries/customers';
import { dbAt, NOW } from './helpers';

let db: DB;
afterEach(() => db?.close());

const TIERS = ['none', 'regular', 'silver', 'gold', 'diamond', 'supreme'];

/** A base after an evaluation (every customer has an assignment and metrics), so the list walks the sort's index. */
function evaluatedBase(n: number): DB {
  const d = dbAt(5);
  const cust = d.prepare(
    "INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES (?, ?, 'individual', 1, 1)",
  );
  const assign = d.prepare('INSERT INTO assignments (cust, tier, computed_tier) VALUES (?, ?, ?)');
  const metrics = d.prepare('INSERT INTO customer_metrics VALUES (?, ?, 1, ?, 1, ?, 0, 0)');
  d.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(cust.run(`C${String(i).padStart(4, '0')}`, `客户${i}`).lastInsertRowid);
      assign.run(id, TIERS[i % TIERS.length], TIERS[i % TIERS.length]);
      metrics.run(id, i * 100, i * 10, i * 50);
    }
  })();
  return d;
}

/** Runs `fn` with db.prepare wrapped, returning every SQL text the code prepared. */
function captureSql(d: DB, fn: () => void): string[] {
  const seen: string[] = [];
  const prepare = d.prepare.bind(d);
  d.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as DB['prepare'];
  try {
    fn();
  } finally {
    d.prepare = prepare;
  }
  return seen;
}

const plan = (d: DB, sql: string) =>
  (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => 0)) as { detail: string }[]).map((r) => r.detail);

describe('the customer list sorted by tier', () => {
  it.each(['asc', 'desc'] as const)('walks the assignments_rank index of migration 005 (%s), first page and the pages after', (dir) => {
    db = evaluatedBase(40);
    const sqls = captureSql(db, () => {
      const first = listCustomers(db, { sort: { key: 'tier', dir }, limit: 10 }, NOW);
      const second = listCustomers(db, { sort: { key: 'tier', dir }, offset: 10, limit: 10 }, NOW);
      expect(first.rows).toHaveLength(10);
      expect(second.rows).toHaveLength(10);
      const ranks = [...first.rows, ...second.rows].map((r) => TIERS.indexOf(r.tier));
      expect(ranks).toEqual([...ranks].sort((x, y) => (dir === 'asc' ? x - y : y - x)));
    });
    // The page queries: they select the tier rank and order (by it, or by the key among equal ranks after a cursor).
    const sorted = sqls.filter((s) => /\(CASE a\.tier[\s\S]* ORDER BY /.test(s));
    expect(sorted.length).toBe(3); // the first page; after the cursor, the rows tied with it and the later ranks
    for (const sql of sorted) {
      const details = plan(db, sql);
      expect(details.some((d) => /USING (COVERING )?INDEX assignments_rank\b/.test(d))).toBe(true);
      expect(details.some((d) => d.includes('USE TEMP B-TREE FOR ORDER BY'))).toBe(false);
    }
  });
});
