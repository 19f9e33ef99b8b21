import { afterEach, describe, expect, it } from 'vitest';
import { SEED_POLICY } from '@shared/policy';
import type { DB } from '../../src/engine/db';
import { migrate } from '../../src/engine/migrations/index';
import { DEFAULT_ZONE } from '../../src/engine/time';
import { count, dbAt, NOW, seedV1, userVersion } from './helpers';

let db: DB;
afterEach(() => db?.close());

describe('migration 001 (core)', () => {
  it('creates the core tables on an empty file with the timezone and the seed policy as version 1', () => {
    db = dbAt(0);
    expect(userVersion(db)).toBe(0);
    expect(count(db, 'sqlite_master')).toBe(0);
    migrate(db, NOW, { upTo: 1 });
    expect(userVersion(db)).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(tables).toEqual([
      'assignments',
      'audit_log',
      'contributions',
      'customer_metrics',
      'customers',
      'evaluation_runs',
      'orders',
      'overrides',
      'policies',
      'referrals',
      'reviews',
      'settings',
      'tier_history',
    ]);
    expect(db.prepare('SELECT key, value FROM settings').all()).toEqual([{ key: 'timezone', value: DEFAULT_ZONE }]);
    expect(db.prepare('SELECT * FROM policies').all()).toEqual([
      { version: 1, document: JSON.stringify(SEED_POLICY), published_at: NOW(), actor: 'system', reason: 'seed policy (seed 000)' },
    ]);
  });

  it('seeds once: running migrate again adds nothing', () => {
    db = dbAt(1);
    migrate(db, NOW, { upTo: 1 });
    expect(count(db, 'policies')).toBe(1);
    expect(count(db, 'settings')).toBe(1);
  });

  it('takes realistic rows and enforces its constraints', () => {
    db = dbAt(1);
    seedV1(db);
    expect(count(db, 'customers')).toBe(3);
    expect(count(db, 'orders')).toBe(3);
    expect(db.prepare('SELECT tier, override_id IS NOT NULL AS o FROM assignments ORDER BY cust').all()).toEqual([
      { tier: 'silver', o: 0 },
      { tier: 'gold', o: 0 },
      { tier: 'gold', o: 1 },
    ]);
    const c1 = (db.prepare("SELECT id FROM customers WHERE customer_id = 'C0001'").get() as { id: number }).id;
    // STRICT tables, CHECKs and foreign keys.
    expect(() => db.prepare("UPDATE customers SET kind = 'company' WHERE id = ?").run(c1)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO orders VALUES ('O-x', ?, 0, -1, 'paid', NULL)").run(c1)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO orders VALUES ('O-y', 999, 0, 1, 'paid', NULL)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO settings VALUES ('k', X'00')").run()).toThrow(/cannot store BLOB value in TEXT column/);
    // One open review per customer.
    const b = (db.prepare("SELECT cust FROM reviews WHERE status = 'open'").get() as { cust: number }).cust;
    expect(() =>
      db
        .prepare(
          "INSERT INTO reviews (cust, from_tier, pending_tier, opened_on, status) VALUES (?, 'gold', 'supreme', '2026-11-23', 'open')",
        )
        .run(b),
    ).toThrow(/UNIQUE/);
    // tier_history and audit_log refuse UPDATE and DELETE from the start.
    expect(() => db.prepare("UPDATE tier_history SET reason = 'x'").run()).toThrow(/tier history is append-only/);
    expect(() => db.prepare('DELETE FROM tier_history').run()).toThrow(/tier history is append-only/);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/the audit log is append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/the audit log is append-only/);
  });
});
