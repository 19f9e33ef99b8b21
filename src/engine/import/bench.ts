import type { WritableDB } from '../sql/connection';
import { scan } from '../sql/connection';
import { platformZone } from '../db';
import { DomainError } from '../errors';
import { TimestampParser } from '../time';
import { parseCnyToFen } from '@shared/money';
import { StringMap } from './collections';
import { readCsv } from './csv';
import { COLUMNS } from './kinds';
import { withImportCache } from './cache';
import { openSource, type Source } from './source';

export interface BareInsertResult {
  rows: number;
  /** Time of the INSERTs and the COMMIT only. */
  seconds: number;
  rowsPerSecond: number;
}

/**
 * The yardstick of the import's speed (issue 2: import ≥ 70% of it): reads an orders file first,
 * then times only a bare prepared INSERT of its rows, in one transaction with the import's page
 * cache, into the orders table of `db`. The table must be empty and the file's customers present
 * (import the customers file first); the rows are committed.
 */
export async function benchBareInsert(db: WritableDB, ordersCsv: Source): Promise<BareInsertResult> {
  if (db.prepare('SELECT 1 FROM orders LIMIT 1').get() !== undefined)
    throw new DomainError('BENCH_NOT_EMPTY', 'benchBareInsert needs an empty orders table');
  const custs = new StringMap();
  for (const [id, c] of scan<[string, number]>(db, 'SELECT customer_id, id FROM customers')) custs.set(id, c);
  const ts = new TimestampParser(platformZone(db));
  // Column arrays: 10M rows as 10M small arrays would not fit the heap.
  const ids: string[] = [];
  let cust = new Float64Array(1 << 16);
  let placed = new Float64Array(1 << 16);
  let amount = new Float64Array(1 << 16);
  const status: string[] = [];
  const category: (string | null)[] = [];
  const interned = new Map<string, string>();
  let idx: number[] = [];
  const src = await openSource(ordersCsv);
  const refuse = (line: number, what: string) => {
    throw new DomainError('BENCH_BAD_ROW', `${src.name}:${line}: ${what}`);
  };
  await readCsv(src, {
    header(names) {
      idx = [...COLUMNS.orders.required, 'category'].map((c) => names.indexOf(c));
      return true;
    },
    row(f, line) {
      const n = ids.length;
      if (n === cust.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        cust = grow(cust);
        placed = grow(placed);
        amount = grow(amount);
      }
      const c = custs.get(f[idx[1]!]!);
      const p = ts.parse(f[idx[2]!]!);
      const a = parseCnyToFen(f[idx[3]!]!);
      if (c === undefined || p === null || a === null) return refuse(line, 'not a good orders row');
      ids.push(f[idx[0]!]!);
      cust[n] = c;
      placed[n] = p;
      amount[n] = a;
      const s = f[idx[4]!]!;
      status.push(s === 'paid' ? 'paid' : 'refunded');
      const cat = idx[5]! < 0 ? '' : f[idx[5]!]!;
      if (cat === '') category.push(null);
      else {
        let k = interned.get(cat);
        if (k === undefined) interned.set(cat, (k = cat));
        category.push(k);
      }
    },
    fail: (line, column, reason) => refuse(line, `${column}: ${reason}`),
  });
  const stmt = db.prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status, category) VALUES (?, ?, ?, ?, ?, ?)');
  return withImportCache(db, async () => {
    const t0 = performance.now();
    db.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < ids.length; i++) stmt.run(ids[i], cust[i], placed[i], amount[i], status[i], category[i]);
      db.exec('COMMIT');
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
    const seconds = (performance.now() - t0) / 1000;
    return { rows: ids.length, seconds, rowsPerSecond: ids.length / seconds };
  });
}
