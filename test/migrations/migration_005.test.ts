import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { migrate } from '../../src/engine/migrations/index';
import { dbAt, dumpAll, NOW, sameRows, seedV1, seedV2, seedV3, userVersion } from './helpers';

let db: DB;
afterEach(() => db?.close());

const at4 = () => {
  db = dbAt(4);
  seedV1(db);
  seedV2(db);
  seedV3(db);
};

const RANK =
  "(CASE tier WHEN 'regular' THEN 1 WHEN 'silver' THEN 2 WHEN 'gold' THEN 3 WHEN 'diamond' THEN 4 WHEN 'supreme' THEN 5 ELSE 0 END)";

/** name → [table, columns (null: an expression), partial] of the indexes migration 005 adds. */
const EXPECTED = {
  assignments_rank: ['assignments', [null], false, `ON assignments (${RANK})`],
  assignments_mismatch: ['assignments', ['cust'], true, 'WHERE tier <> computed_tier'],
  assignments_protected: ['assignments', ['cust'], true, 'WHERE protected_until IS NOT NULL'],
  assignments_overridden: ['assignments', ['cust'], true, 'WHERE override_id IS NOT NULL'],
  customers_kind: ['customers', ['kind'], false, 'ON customers (kind)'],
} as const;

describe('migration 005 (customer list indexes)', () => {
  it('keeps every row of a version-4 database', () => {
    at4();
    const before = dumpAll(db);
    const indexesBefore = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all();
    migrate(db, NOW, { upTo: 5 });
    expect(userVersion(db)).toBe(5);
    sameRows(before, dumpAll(db));
    const added = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).filter(
      (r) => !indexesBefore.some((b) => (b as { name: string }).name === r.name),
    );
    expect(added.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s is on the right table, columns and rows', (name, [table, cols, partial, sqlPart]) => {
    at4();
    migrate(db, NOW, { upTo: 5 });
    const list = db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number; partial: number }[];
    const entry = list.find((i) => i.name === name)!;
    expect(entry).toMatchObject({ unique: 0, partial: partial ? 1 : 0 });
    const info = db.prepare(`PRAGMA index_info(${name})`).all() as { seqno: number; cid: number; name: string | null }[];
    expect(info.map((i) => i.name)).toEqual(cols);
    if (cols[0] === null) expect(info[0]!.cid).toBe(-2); // an expression
    const sql = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql;
    expect(sql).toContain(sqlPart);
  });

  it('the partial indexes hold exactly the rows they select', () => {
    at4();
    migrate(db, NOW, { upTo: 5 });
    const custs = (index: string, where: string) => [
      (db.prepare(`SELECT cust FROM assignments INDEXED BY ${index} WHERE ${where} ORDER BY cust`).all() as { cust: number }[]).map(
        (r) => r.cust,
      ),
      (db.prepare(`SELECT cust FROM assignments NOT INDEXED WHERE ${where} ORDER BY cust`).all() as { cust: number }[]).map((r) => r.cust),
    ];
    for (const [index, where] of [
      ['assignments_mismatch', 'tier <> computed_tier'],
      ['assignments_protected', 'protected_until IS NOT NULL'],
      ['assignments_overridden', 'override_id IS NOT NULL'],
    ] as const) {
      const [viaIndex, viaTable] = custs(index, where);
      expect(viaIndex).toEqual(viaTable);
      expect(viaIndex!.length).toBe(index === 'assignments_mismatch' ? 2 : 1);
    }
    const ranks = db
      .prepare(`SELECT tier, ${RANK} AS r FROM assignments INDEXED BY assignments_rank WHERE ${RANK} >= 0 ORDER BY ${RANK}, cust`)
      .all();
    expect(ranks).toEqual([
      { tier: 'silver', r: 2 },
      { tier: 'gold', r: 3 },
      { tier: 'gold', r: 3 },
    ]);
  });
});
