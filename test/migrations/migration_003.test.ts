import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { migrate } from '../../src/engine/migrations/index';
import { count, dbAt, dumpAll, NOW, sameRows, seedV1, seedV2, seedV3, userVersion } from './helpers';

let db: DB;
afterEach(() => db?.close());

describe('migration 003 (drafts)', () => {
  it('keeps every row of a version-2 database and adds an empty STRICT drafts table', () => {
    db = dbAt(2);
    seedV1(db);
    seedV2(db);
    const before = dumpAll(db);
    migrate(db, NOW, { upTo: 3 });
    expect(userVersion(db)).toBe(3);
    sameRows(before, dumpAll(db));
    expect(count(db, 'drafts')).toBe(0);
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'drafts'").get() as { sql: string }).sql;
    expect(sql).toMatch(/\)\s*STRICT\s*$/);
  });

  it('a draft is based on a published policy and holds a JSON object', () => {
    db = dbAt(2);
    seedV1(db);
    seedV2(db);
    migrate(db, NOW, { upTo: 3 });
    seedV3(db);
    expect(db.prepare('SELECT name, based_on_version FROM drafts').all()).toEqual([{ name: '白银 800', based_on_version: 2 }]);
    const insert = db.prepare(
      "INSERT INTO drafts (name, document, based_on_version, created_at, updated_at, actor) VALUES (?, ?, ?, 0, 0, 'manager')",
    );
    // A half-edited policy is fine, as long as it is a JSON object; a preset has no base version.
    insert.run('preset', '{"tiers": []}', null);
    expect(() => insert.run('broken', '{"half": ', null)).toThrow(/CHECK/);
    expect(() => insert.run('array', '[1]', null)).toThrow(/CHECK/);
    expect(() => insert.run('   ', '{}', null)).toThrow(/CHECK/);
    expect(() => insert.run('白银 800', '{}', null)).toThrow(/UNIQUE/);
    expect(() => insert.run('unpublished', '{}', 7)).toThrow(/FOREIGN KEY/);
    expect(count(db, 'drafts')).toBe(2);
  });
});
