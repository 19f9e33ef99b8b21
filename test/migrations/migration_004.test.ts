import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { migrate } from '../../src/engine/migrations/index';
import { count, dbAt, dumpAll, NOW, sameRows, seedV1, seedV2, seedV3, userVersion } from './helpers';

let db: DB;
afterEach(() => db?.close());

const at3 = () => {
  db = dbAt(3);
  seedV1(db);
  seedV2(db);
  seedV3(db);
};

/** A copy of the table's first row, the same id: as INSERT OR REPLACE / REPLACE INTO would write it. */
const replaceFirst = (table: string, verb: 'INSERT OR REPLACE' | 'REPLACE') => {
  const row = db.prepare(`SELECT * FROM ${table} ORDER BY id LIMIT 1`).get() as Record<string, unknown>;
  const cols = Object.keys(row);
  db.prepare(`${verb} INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
    ...cols.map((c) => (c === 'actor' ? 'tamperer' : row[c])),
  );
};

const TABLES = [
  ['audit_log', /audit log is append-only/],
  ['tier_history', /tier history is append-only/],
  ['contract_history', /contract history is append-only/],
] as const;

describe('migration 004 (append-only replace)', () => {
  it('before it, INSERT OR REPLACE could rewrite an append-only row (the hole it closes)', () => {
    at3();
    replaceFirst('audit_log', 'INSERT OR REPLACE');
    expect(db.prepare('SELECT actor FROM audit_log').all()).toEqual([{ actor: 'tamperer' }]);
  });

  it('keeps every row of a version-3 database', () => {
    at3();
    const before = dumpAll(db);
    migrate(db, NOW, { upTo: 4 });
    expect(userVersion(db)).toBe(4);
    sameRows(before, dumpAll(db));
  });

  it.each(TABLES)('%s refuses UPDATE, DELETE, INSERT OR REPLACE, REPLACE and upsert; a new row is still appended', (table, message) => {
    at3();
    migrate(db, NOW, { upTo: 4 });
    const before = dumpAll(db)[table];
    expect(before).toHaveLength(table === 'contract_history' ? 2 : 1);
    expect(() => db.prepare(`UPDATE ${table} SET actor = 'x'`).run()).toThrow(message);
    expect(() => db.prepare(`DELETE FROM ${table}`).run()).toThrow(message);
    expect(() => replaceFirst(table, 'INSERT OR REPLACE')).toThrow(message);
    expect(() => replaceFirst(table, 'REPLACE')).toThrow(message);
    const row = db.prepare(`SELECT * FROM ${table} ORDER BY id LIMIT 1`).get() as Record<string, unknown>;
    const cols = Object.keys(row);
    expect(() =>
      db
        .prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (id) DO UPDATE SET actor = 'x'`,
        )
        .run(...cols.map((c) => row[c])),
    ).toThrow(message);
    expect(dumpAll(db)[table]).toEqual(before);
    // Appending goes on as before (a new id).
    db.prepare(
      `INSERT INTO ${table} (${cols.filter((c) => c !== 'id').join(', ')}) SELECT ${cols.filter((c) => c !== 'id').join(', ')} FROM ${table} LIMIT 1`,
    ).run();
    expect(count(db, table)).toBe(before!.length + 1);
  });
});
