import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../helpers/fixture';
import { deleteDraft, getDraft, listDrafts, saveDraft } from '../../src/engine/drafts';
import { compileClassifier } from '../../src/engine/classify';
import { computeMetrics } from '../../src/engine/metrics';
import { publishPolicy } from '../../src/engine/policies';
import { SCHEMA_VERSION } from '../../src/engine/db';
import { backtest, simulationContext } from '../../src/engine/simulate/index';
import { SEED_001_PRESET, SEED_POLICY, type Policy } from '@shared/policy';
import { TIERS, type Tier } from '@shared/tiers';

let f: Fixture;
afterEach(() => f?.close());

const by = () => ({ actor: 'manager', now: f.now });
const auditRows = () =>
  f.db.prepare("SELECT actor, action, entity, entity_id, before, after FROM audit_log WHERE entity = 'draft' ORDER BY id").all() as {
    actor: string;
    action: string;
    entity_id: string;
    before: string | null;
    after: string | null;
  }[];

describe('policy drafts', () => {
  it('migration 003 adds a STRICT drafts table', () => {
    f = new Fixture();
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const sql = (f.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'drafts'").get() as { sql: string }).sql;
    expect(sql).toMatch(/\)\s*STRICT\s*$/);
    expect(() =>
      f.db.prepare("INSERT INTO drafts (name, document, created_at, updated_at, actor) VALUES ('x', '[1]', 0, 0, 'a')").run(),
    ).toThrow(/CHECK/);
  });

  it('creates, lists, reads, updates and deletes, each audited with before and after', () => {
    f = new Fixture();
    const d = saveDraft(f.db, { name: '  Silver 800 ', document: SEED_POLICY, basedOnVersion: 1 }, by());
    expect(d).toMatchObject({ name: 'Silver 800', basedOnVersion: 1, actor: 'manager', valid: true, issueCount: 0, issues: [] });
    expect(d.policy?.tiers[1]?.id).toBe('silver');
    const preset = saveDraft(f.db, { name: 'seed 001', document: SEED_001_PRESET }, by());
    expect(preset.basedOnVersion).toBeNull();
    expect(
      listDrafts(f.db)
        .map((x) => x.name)
        .sort(),
    ).toEqual(['Silver 800', 'seed 001']);

    f.setToday('2026-11-24');
    const changed = { ...SEED_POLICY, protectionDays: 30 };
    const u = saveDraft(f.db, { id: d.id, name: 'Silver 800', document: changed, ifUpdatedAt: d.updatedAt }, by());
    expect(u.updatedAt).toBeGreaterThan(d.updatedAt);
    expect(u.createdAt).toBe(d.createdAt);
    expect(getDraft(f.db, d.id).policy?.protectionDays).toBe(30);
    expect(listDrafts(f.db)[0]!.name).toBe('Silver 800'); // most recently edited first

    deleteDraft(f.db, preset.id, by());
    expect(() => getDraft(f.db, preset.id)).toThrow(/does not exist/);
    const rows = auditRows();
    expect(rows.map((r) => r.action)).toEqual(['draft.create', 'draft.create', 'draft.update', 'draft.delete']);
    expect(rows.every((r) => r.actor === 'manager')).toBe(true);
    expect(JSON.parse(rows[2]!.before!).document.protectionDays).toBe(90);
    expect(JSON.parse(rows[2]!.after!).document.protectionDays).toBe(30);
    expect(JSON.parse(rows[3]!.before!).name).toBe('seed 001');
    expect(rows[3]!.after).toBeNull();
  });

  it('keeps a half-edited draft with its path-named issues', () => {
    f = new Fixture();
    const half = structuredClone(SEED_POLICY) as unknown as { tiers: { rules: { all: unknown[] }[] }[] };
    half.tiers[1]!.rules[0]!.all = [];
    const d = saveDraft(f.db, { name: 'work in progress', document: half }, by());
    expect(d.valid).toBe(false);
    expect(d.policy).toBeNull();
    expect(d.issues).toEqual(['tiers[1].rules[0].all: a rule needs at least one condition']);
    expect(getDraft(f.db, d.id).document).toEqual(half);
    expect(listDrafts(f.db)[0]).toMatchObject({ valid: false, issueCount: 1 });
  });

  it('refuses what cannot be stored: no name, a duplicate name, a non-object, an unknown base, a stale edit', () => {
    f = new Fixture();
    const d = saveDraft(f.db, { name: 'A', document: SEED_POLICY }, by());
    expect(() => saveDraft(f.db, { name: '  ', document: SEED_POLICY }, by())).toThrow(/needs a name/);
    expect(() => saveDraft(f.db, { name: 'A', document: SEED_POLICY }, by())).toThrow(/"A" already exists/);
    expect(() => saveDraft(f.db, { name: 'B', document: [SEED_POLICY] }, by())).toThrow(/must be a JSON object/);
    expect(() => saveDraft(f.db, { name: 'B', document: SEED_POLICY, basedOnVersion: 9 }, by())).toThrow(/version 9 does not exist/);
    expect(() => saveDraft(f.db, { id: d.id, name: 'A', document: SEED_POLICY, ifUpdatedAt: d.updatedAt - 1 }, by())).toThrow(
      /changed elsewhere/,
    );
    expect(() => deleteDraft(f.db, 999, by())).toThrow(/draft 999 does not exist/);
    // Renaming onto itself is fine; nothing refused was written or audited.
    saveDraft(f.db, { id: d.id, name: 'A', document: SEED_POLICY }, by());
    expect(auditRows().map((r) => r.action)).toEqual(['draft.create', 'draft.update']);
  });
});

describe('backtest', () => {
  it('classifies at the first day of each of the last months, beside the latest run on or before each date', () => {
    f = new Fixture('2026-11-23');
    f.customer('A');
    f.order('A', '2026-08-20 12:00:00', '600.00');
    f.customer('B');
    f.order('B', '2026-06-10 12:00:00', '300.00');
    f.order('B', '2026-10-10 12:00:00', '1800.00');
    f.customer('C', { realname: false });
    f.order('C', '2026-09-05 12:00:00', '50.00');
    f.setToday('2026-09-15');
    const r1 = f.evaluate('2026-09-15');
    f.setToday('2026-10-20');
    f.evaluate('2026-10-20');
    const r2 = f.evaluate('2026-10-20'); // the latest run of that date counts
    f.setToday('2026-11-23');

    const draft: Policy = {
      ...SEED_POLICY,
      name: 'silver 1000',
      tiers: SEED_POLICY.tiers.map((t) =>
        t.id === 'silver' ? { ...t, rules: [{ all: [{ metric: 'cumulativeSpend', op: '>=', value: 1000 }] }] } : t,
      ),
    };
    const res = backtest(simulationContext(f.db), draft, 4, { today: '2026-11-23' });
    expect(res.months.map((m) => m.date)).toEqual(['2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
    for (const month of res.months) {
      const m = computeMetrics(f.db, month.date, 6, 'Asia/Shanghai');
      const tiers = new Uint8Array(m.n);
      compileClassifier(draft)(m, m.n, tiers);
      const expected = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
      for (const t of tiers) expected[TIERS[t]!]++;
      expect(month.counts).toEqual(expected);
    }
    // 08-01: B regular (300); A, C have nothing yet. 11-01: A regular (600 < 1000), B gold (2100), C none.
    expect(res.months[0]!.counts).toMatchObject({ none: 2, regular: 1 });
    expect(res.months[3]!.counts).toMatchObject({ none: 1, regular: 1, gold: 1 });
    expect(res.months[0]!.actual).toBeNull();
    expect(res.months[1]!.actual).toBeNull();
    expect(res.months[2]!.actual).toMatchObject({ runId: r1.runId, asOf: '2026-09-15', policyVersion: 1, counts: r1.counts });
    expect(res.months[3]!.actual).toMatchObject({ runId: r2.runId, asOf: '2026-10-20', counts: r2.counts });
  });

  it('defaults to 12 months ending with the current one and refuses a silly count', () => {
    f = new Fixture('2026-11-23');
    publishPolicy(f.db, SEED_001_PRESET, { actor: 't', now: f.now });
    const res = backtest(simulationContext(f.db), SEED_001_PRESET, undefined, { now: f.now });
    expect(res.months.map((m) => m.date)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${i === 0 ? '2025-12' : `2026-${String(i).padStart(2, '0')}`}-01`),
    );
    expect(() => backtest(simulationContext(f.db), SEED_POLICY, 0)).toThrow(/1 to 120/);
  });
});
