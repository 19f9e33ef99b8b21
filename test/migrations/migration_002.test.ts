import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { migrate } from '../../src/engine/migrations/index';
import { count, dbAt, dumpAll, NOW, sameRows, seedV1, userVersion } from './helpers';

let db: DB;
afterEach(() => db?.close());

const draft = (cust: number, number: string, start: string, end: string) =>
  Number(
    db
      .prepare(
        `INSERT INTO contracts (number, cust, status, start_date, end_date, commitment_fen, profit_share, co_branding_slots, inventory_hours,
           logistics_channel, advisory_seat, auto_renew, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, 50000000, 0.1, 1, 10, 0, 0, 0, 0, 0)`,
      )
      .run(number, cust, start, end).lastInsertRowid,
  );

describe('migration 002 (contracts)', () => {
  it('keeps every row of a version-1 database and adds empty contract tables', () => {
    db = dbAt(1);
    seedV1(db);
    const before = dumpAll(db);
    migrate(db, NOW, { upTo: 2 });
    expect(userVersion(db)).toBe(2);
    sameRows(before, dumpAll(db));
    expect(count(db, 'contracts')).toBe(0);
    expect(count(db, 'contract_history')).toBe(0);
  });

  it('contracts of existing customers follow the rules of spec §8', () => {
    db = dbAt(1);
    seedV1(db);
    migrate(db, NOW, { upTo: 2 });
    const b = (db.prepare("SELECT id FROM customers WHERE customer_id = 'C0002'").get() as { id: number }).id;
    const id = draft(b, 'HT-2026-001', '2026-01-01', '2026-12-31');
    expect(() =>
      db
        .prepare(
          `INSERT INTO contracts (number, cust, status, start_date, end_date, commitment_fen, profit_share, co_branding_slots, inventory_hours,
             logistics_channel, advisory_seat, auto_renew, created_at, updated_at) VALUES ('HT-2', ?, 'active', '2027-01-01', '2027-12-31', 1, 0.1, 0, 0, 0, 0, 0, 0, 0)`,
        )
        .run(b),
    ).toThrow(/a contract is created as a draft/);
    expect(() => draft(b, 'HT-3', '2026-12-31', '2026-01-01')).toThrow(/CHECK/);
    expect(() => draft(999, 'HT-4', '2026-01-01', '2026-12-31')).toThrow(/FOREIGN KEY/);
    db.prepare("UPDATE contracts SET status = 'active' WHERE id = ?").run(id);
    expect(() => db.prepare('UPDATE contracts SET commitment_fen = 1 WHERE id = ?').run(id)).toThrow(
      /only a draft contract can change its terms/,
    );
    expect(() => db.prepare("UPDATE contracts SET status = 'draft' WHERE id = ?").run(id)).toThrow(/transition not allowed/);
    const overlapping = draft(b, 'HT-2026-002', '2026-06-01', '2027-05-31');
    expect(() => db.prepare("UPDATE contracts SET status = 'active' WHERE id = ?").run(overlapping)).toThrow(
      /contract periods of one customer overlap/,
    );
    expect(() => db.prepare('DELETE FROM contracts WHERE id = ?').run(overlapping)).toThrow(/contracts are never deleted/);
    db.prepare(
      "INSERT INTO contract_history (contract, from_status, to_status, on_date, cause, actor, at) VALUES (?, 'draft', 'active', '2026-01-01', 'activate', 'manager', 0)",
    ).run(id);
    expect(() => db.prepare("UPDATE contract_history SET actor = 'x'").run()).toThrow(/contract history is append-only/);
    expect(() => db.prepare('DELETE FROM contract_history').run()).toThrow(/contract history is append-only/);
  });
});
