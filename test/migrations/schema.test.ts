import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, SCHEMA_VERSION, type DB } from '../../src/engine/db';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../src/engine/migrations/index';
import { asWritable } from '../../src/engine/sql/connection';
import { tempDir } from '../helpers/fixture';
import { dbAt, NOW, schemaOf, userVersion, type SchemaRow } from './helpers';

/** sqlite_master of a new database as the code before migrations became functions wrote it (schema 5). */
const SCHEMA_V5 = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/schema-v5.json'), 'utf8')) as SchemaRow[];

let open: DB[] = [];
afterEach(() => {
  for (const db of open) db.close();
  open = [];
});
const keep = (db: DB) => (open.push(db), db);

describe('migrations', () => {
  it('are numbered 1…N in order and the schema version is the last one', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
    expect(SCHEMA_VERSION).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBe(5);
  });

  it('write a new database byte for byte as before (sqlite_master)', () => {
    const file = path.join(tempDir(), 'new.db');
    const db = keep(openDb(file, { create: true, now: NOW }));
    expect(userVersion(db)).toBe(5);
    expect(schemaOf(db)).toEqual(SCHEMA_V5);
  });

  it('reach the same schema one step at a time as in one go', () => {
    const db = keep(dbAt(0));
    for (let v = 1; v <= LATEST_VERSION; v++) {
      expect(migrate(db, NOW, { upTo: v })).toBe(v);
      expect(userVersion(db)).toBe(v);
    }
    expect(schemaOf(db)).toEqual(SCHEMA_V5);
    expect(migrate(db, NOW)).toBe(LATEST_VERSION); // nothing left to do
    expect(schemaOf(db)).toEqual(SCHEMA_V5);
  });

  it('an older file opened by openDb is brought to the latest schema, its rows kept', () => {
    const file = path.join(tempDir(), 'old.db');
    const raw = asWritable(new Database(file));
    migrate(raw, NOW, { upTo: 2 });
    raw.prepare("INSERT INTO audit_log (at, actor, action, entity) VALUES (1, 'system', 'init', 'db')").run();
    raw.close();
    const db = keep(openDb(file, { now: NOW }));
    expect(userVersion(db)).toBe(5);
    expect(schemaOf(db)).toEqual(SCHEMA_V5);
    expect(db.prepare('SELECT action FROM audit_log').all()).toEqual([{ action: 'init' }]);
    expect(db.prepare('SELECT count(*) AS n FROM policies').get()).toEqual({ n: 1 });
  });

  it('refuse a database newer than the code and leave it untouched', () => {
    const file = path.join(tempDir(), 'new.db');
    const raw = asWritable(new Database(file));
    migrate(raw, NOW);
    raw.pragma('user_version = 6');
    raw.close();
    const bytes = fs.readFileSync(file);
    const again = asWritable(new Database(file));
    expect(() => migrate(again, NOW)).toThrow(/newer Tierdesk \(schema 6, this version knows 5\)/);
    again.close();
    expect(() => openDb(file, { now: NOW })).toThrow(/newer Tierdesk/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('run all pending migrations in one transaction: a failing one leaves the file as it was', () => {
    const db = keep(dbAt(1));
    db.exec('CREATE TABLE drafts (x INTEGER)'); // migration 2 would succeed, migration 3 now fails on its CREATE TABLE
    expect(() => migrate(db, NOW)).toThrow(/already exists/);
    expect(userVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'contracts'").get()).toEqual({ n: 0 });
  });

  it('refuse to go back or past the latest', () => {
    const db = keep(dbAt(3));
    expect(() => migrate(db, NOW, { upTo: 2 })).toThrow(/never go back/);
    expect(() => migrate(db, NOW, { upTo: 6 })).toThrow(RangeError);
    expect(userVersion(db)).toBe(3);
  });
});
