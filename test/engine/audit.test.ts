import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type DB } from '../../src/engine/db';
import { importFiles } from '../../src/engine/import/index';
import { evaluate } from '../../src/engine/evaluate';
import { publishPolicy } from '../../src/engine/policies';
import { clearOverride, setOverride } from '../../src/engine/overrides';
import { approveReview, rejectReview } from '../../src/engine/reviews';
import { activateContract, createContract, suspendContract } from '../../src/engine/contracts/index';
import { auditFacets, queryAudit } from '../../src/engine/auditQuery';
import { audit } from '../../src/engine/audit';
import { SEED_001_PRESET } from '@shared/policy';
import { clock, tempDir } from '../helpers/fixture';

const opened: DB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function fresh(): DB {
  const db = openDb(path.join(tempDir('tierdesk-audit-'), 'shop.db'), { create: true, now: clock('2026-11-23 10:00:00') });
  opened.push(db);
  return db;
}

const rowsPerAction = (db: DB) =>
  Object.fromEntries(
    (db.prepare('SELECT action, count(*) AS n FROM audit_log GROUP BY action').all() as { action: string; n: number }[]).map((r) => [
      r.action,
      r.n,
    ]),
  );

describe('the audit log is append-only', () => {
  it('refuses UPDATE and DELETE in the database itself', () => {
    const db = fresh();
    audit(db, 1, { actor: 'a', action: 'x.y', entity: 'thing', entityId: '1', after: { v: 1 } });
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    // REPLACE deletes without firing DELETE triggers: refused by its own trigger.
    expect(() =>
      db
        .prepare("INSERT OR REPLACE INTO audit_log (id, at, actor, action, entity) SELECT id, at, 'mallory', action, entity FROM audit_log")
        .run(),
    ).toThrow(/append-only/);
    db.prepare(
      "INSERT INTO customers (id, customer_id, name, kind, realname_verified, phone_verified) VALUES (1, 'C1', '张三', 'individual', 1, 1)",
    ).run();
    expect(() =>
      db
        .prepare(
          "REPLACE INTO tier_history (id, cust, from_tier, to_tier, on_date, cause, actor, at) VALUES (1, 1, 'none', 'gold', '2026-01-01', 'evaluation', 'x', 1)",
        )
        .run(),
    ).not.toThrow();
    expect(() =>
      db
        .prepare(
          "REPLACE INTO tier_history (id, cust, from_tier, to_tier, on_date, cause, actor, at) VALUES (1, 1, 'none', 'supreme', '2026-01-01', 'evaluation', 'x', 1)",
        )
        .run(),
    ).toThrow(/append-only/);
    expect(db.prepare('SELECT actor, after FROM audit_log').all()).toEqual([{ actor: 'a', after: '{"v":1}' }]);
  });
});

describe('audit rows equal mutations over a scripted session', () => {
  it('one row per change, none for refusals, dry runs or reads', async () => {
    const db = fresh();
    const dir = tempDir('tierdesk-audit-csv-');
    // S1, S2 qualify for Supreme (cumulative > 20000, needs review); C3 is an ordinary customer.
    fs.writeFileSync(
      path.join(dir, 'customers.csv'),
      'customer_id,name,kind,realname_verified,phone_verified,registered_at\nS1,至尊甲,enterprise,true,true,2024-01-01\nS2,至尊乙,individual,true,true,2024-01-01\nC3,张三,individual,true,false,2024-01-01\n',
    );
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      'order_id,customer_id,placed_at,amount,status\nO1,S1,2026-06-01 10:00:00,20000.01,paid\nO2,S2,2026-07-01 10:00:00,25000,paid\nO3,C3,2026-08-01 10:00:00,600,paid\n',
    );
    const sources = { customers: path.join(dir, 'customers.csv'), orders: path.join(dir, 'orders.csv') };
    const expected = new Map<string, number>();
    const did = (action: string) => expected.set(action, (expected.get(action) ?? 0) + 1);
    const by = (actor: string, local = '2026-11-23 10:00:00') => ({ actor, now: clock(local) });

    // Reads and refusals write nothing.
    expect((await importFiles(db, sources, { ...by('ops'), dryRun: true })).ok).toBe(true);
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'order_id,customer_id,placed_at,amount,status\nO9,NOBODY,2026-06-01,1,paid\n');
    expect((await importFiles(db, { orders: path.join(dir, 'bad.csv') }, by('ops'))).ok).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });

    expect((await importFiles(db, sources, by('ops'))).ok).toBe(true);
    did('import');
    const run = evaluate(db, { asOf: '2026-11-23', ...by('ops') });
    did('evaluation.run');
    expect(run.pendingReviews).toBe(2);

    approveReview(db, 'S1', '战略客户', by('manager'));
    did('review.approve');
    rejectReview(db, 'S2', '资质不足', by('manager'));
    did('review.reject');
    expect(() => approveReview(db, 'S2', null, by('manager'))).toThrow(/no pending review/);

    setOverride(db, 'C3', 'gold', '大客户试用', null, by('manager'));
    did('override.set');
    setOverride(db, 'C3', 'silver', '调整', '2026-12-31', by('manager'));
    did('override.set');
    clearOverride(db, 'C3', '试用结束', by('manager'));
    did('override.clear');
    expect(() => clearOverride(db, 'C3', 'again', by('manager'))).toThrow(/no active override/);
    expect(() => setOverride(db, 'C3', 'gold', '  ', null, by('manager'))).toThrow(/needs a reason/);

    publishPolicy(db, SEED_001_PRESET, { ...by('admin'), reason: 'seed 001' });
    did('policy.publish');
    expect(() => publishPolicy(db, { ...SEED_001_PRESET, windowMonths: 0 }, by('admin'))).toThrow();

    const contractClock = { actor: 'sales', now: clock('2026-11-23 11:00:00') };
    createContract(db, contractClock, {
      number: 'HT-001',
      customerId: 'S1',
      start: '2026-12-01',
      end: '2027-11-30',
      commitmentFen: 100_000_00,
      profitShare: 0.1,
    });
    did('contract.create');
    activateContract(db, contractClock, 'HT-001');
    did('contract.activate');
    suspendContract(db, contractClock, 'HT-001', '暂停合作');
    did('contract.suspend');
    expect(() => activateContract(db, contractClock, 'HT-001')).toThrow();

    evaluate(db, { asOf: '2026-11-24', ...by('ops', '2026-11-24 10:00:00') });
    did('evaluation.run');

    expect(rowsPerAction(db)).toEqual(Object.fromEntries(expected));
    const all = queryAudit(db, { limit: 1000 });
    expect(all.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    // Who did it is recorded on each row.
    expect(new Set(all.rows.filter((r) => r.action.startsWith('review.') || r.action.startsWith('override.')).map((r) => r.actor))).toEqual(
      new Set(['manager']),
    );
    const approve = queryAudit(db, { action: 'review.approve' }).rows[0]!;
    expect(approve).toMatchObject({ entity: 'customer', entityId: 'S1', before: { tier: expect.any(String) }, after: { tier: 'supreme' } });
  });
});

describe('queryAudit', () => {
  function seeded(): DB {
    const db = fresh();
    const at = (local: string) => clock(local)();
    audit(db, at('2026-11-01 09:00:00'), { actor: 'alice', action: 'override.set', entity: 'customer', entityId: 'C1' });
    audit(db, at('2026-11-01 23:59:59'), { actor: 'alice', action: 'override.clear', entity: 'customer', entityId: 'C1' });
    audit(db, at('2026-11-02 00:00:00'), {
      actor: 'bob',
      action: 'policy.publish',
      entity: 'policy',
      entityId: '2',
      before: { version: 1 },
      after: { version: 2 },
    });
    audit(db, at('2026-11-03 12:00:00'), { actor: 'bob', action: 'overrides.bulk', entity: 'customer', entityId: 'C2' });
    for (let i = 0; i < 20; i++)
      audit(db, at('2026-11-04 08:00:00') + i, { actor: 'ops', action: 'evaluation.run', entity: 'evaluation', entityId: String(i) });
    return db;
  }

  it('pages newest first with the total of the filter', () => {
    const db = seeded();
    const p1 = queryAudit(db, { limit: 5 });
    expect(p1.total).toBe(24);
    expect(p1.rows.map((r) => r.entityId)).toEqual(['19', '18', '17', '16', '15']);
    const last = queryAudit(db, { offset: 20, limit: 5 });
    expect(last.rows.map((r) => r.action)).toEqual(['overrides.bulk', 'policy.publish', 'override.clear', 'override.set']);
    expect(last.rows[1]).toMatchObject({ actor: 'bob', before: { version: 1 }, after: { version: 2 }, details: null });
  });

  it('filters by actor, action or action family, entity, entity id and dates in the platform time zone', () => {
    const db = seeded();
    const ids = (q: Parameters<typeof queryAudit>[1]) => queryAudit(db, { limit: 100, ...q }).rows.map((r) => `${r.action}:${r.entityId}`);
    expect(ids({ actor: 'alice' })).toEqual(['override.clear:C1', 'override.set:C1']);
    // A family matches its actions, not other actions that merely start with the same letters.
    expect(ids({ action: 'override' })).toEqual(['override.clear:C1', 'override.set:C1']);
    expect(ids({ action: 'override.set' })).toEqual(['override.set:C1']);
    expect(ids({ entity: 'policy' })).toEqual(['policy.publish:2']);
    expect(ids({ entity: 'customer', entityId: 'C2' })).toEqual(['overrides.bulk:C2']);
    // 2026-11-01 23:59:59 and 2026-11-02 00:00:00 (+08:00) fall on their own days.
    expect(ids({ from: '2026-11-01', to: '2026-11-01' })).toEqual(['override.clear:C1', 'override.set:C1']);
    expect(ids({ from: '2026-11-02', to: '2026-11-03' })).toEqual(['overrides.bulk:C2', 'policy.publish:2']);
    expect(queryAudit(db, { from: '2026-11-04' }).total).toBe(20);
    expect(queryAudit(db, { actor: 'nobody' })).toEqual({ rows: [], total: 0 });
  });

  it('refuses a bad date or page, and lists the filter choices', () => {
    const db = seeded();
    expect(() => queryAudit(db, { from: '2026-13-01' })).toThrow(expect.objectContaining({ code: 'BAD_DATE' }));
    expect(() => queryAudit(db, { limit: 0 })).toThrow(expect.objectContaining({ code: 'BAD_LIMIT' }));
    expect(() => queryAudit(db, { offset: -1 })).toThrow(expect.objectContaining({ code: 'BAD_OFFSET' }));
    expect(auditFacets(db)).toEqual({
      actors: ['alice', 'bob', 'ops'],
      actions: ['evaluation.run', 'override.clear', 'override.set', 'overrides.bulk', 'policy.publish'],
      entities: ['customer', 'evaluation', 'policy'],
    });
  });
});
