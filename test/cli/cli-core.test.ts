import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { Fixture, tempDir } from '../helpers/fixture';
import { SEED_POLICY } from '@shared/policy';

let f: Fixture;
afterEach(() => f?.close());

function smallBase(): Fixture {
  f = new Fixture();
  f.customer('B 2', { name: '李 "二", 先生' });
  f.customer('A1');
  f.customer('C3', { realname: false });
  f.order('A1', '2025-01-01', '600.00');
  f.order('B 2', '2026-06-01 12:00:00', '20000.01');
  f.order('C3', '2026-06-01', '900.00');
  f.close();
  return f;
}

describe('tierdesk evaluate', () => {
  it('--json prints the assigned counts and totals after the run', async () => {
    const { file } = smallBase();
    const r = await cli(['evaluate', '--db', file, '--as-of', '2026-11-23', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      asOf: '2026-11-23',
      policyVersion: 1,
      counts: { none: 1, regular: 0, silver: 1, gold: 0, diamond: 1, supreme: 0 },
      pendingReviews: 1,
      upgrades: 2,
      downgrades: 0,
      protected: 0,
    });
  });

  it('defaults to today in the platform zone and warns on stderr for a future date', async () => {
    const { file } = smallBase();
    const r = await cli(['evaluate', '--db', file, '--json']);
    expect(JSON.parse(r.stdout).asOf).toBe('2026-11-23');
    const later = await cli(['evaluate', '--db', file, '--as-of', '2026-12-01', '--json']);
    expect(later.code).toBe(0);
    expect(later.stderr).toMatch(/warning: as-of 2026-12-01 is after today/);
  });

  it('refuses a date before the last evaluation (exit 1) and malformed dates (exit 2)', async () => {
    const { file } = smallBase();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-20']);
    const back = await cli(['evaluate', '--db', file, '--as-of', '2026-11-19']);
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/never go backwards/);
    expect((await cli(['evaluate', '--db', file, '--as-of', '2026-02-30'])).code).toBe(2);
    expect((await cli(['evaluate', '--db', file, '--as-of', '23/11/2026'])).code).toBe(2);
  });

  it('usage errors exit 2: unknown command, unknown option, missing required option', async () => {
    expect((await cli(['evalute'])).code).toBe(2);
    expect((await cli(['evaluate', '--db', 'x.db', '--bogus'])).code).toBe(2);
    expect((await cli(['evaluate'])).code).toBe(2);
    expect((await cli(['override', 'set', '--db', 'x.db', '--customer', 'A', '--tier', 'platinum', '--reason', 'r'])).code).toBe(2);
    const help = await cli(['evaluate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--as-of YYYY-MM-DD/);
  });

  it('a missing database is exit 1 with its name', async () => {
    const r = await cli(['evaluate', '--db', path.join(tempDir(), 'nope.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.db: no such database/);
  });
});

describe('tierdesk export tiers', () => {
  it('writes every customer ordered by id, RFC 4180, no BOM, dates as stored', async () => {
    const { file } = smallBase();
    const before = await cli(['export', 'tiers', '--db', file]);
    expect(before.stdout).toBe(
      'customer_id,tier,computed_tier,pending_tier,protected_until,since\nA1,none,none,,,\nB 2,none,none,,,\nC3,none,none,,,\n',
    );
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const out = path.join(tempDir(), 'tiers.csv');
    const r = await cli(['export', 'tiers', '--db', file, '--out', out]);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).toBe(
      'customer_id,tier,computed_tier,pending_tier,protected_until,since\nA1,silver,silver,,,2026-11-23\nB 2,diamond,supreme,supreme,,2026-11-23\nC3,none,none,,,\n',
    );
  });
});

describe('tierdesk review / override / explain / policy', () => {
  it('lists, approves and rejects reviews', async () => {
    const { file } = smallBase();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const list = await cli(['review', 'list', '--db', file, '--json']);
    expect(JSON.parse(list.stdout)).toEqual([
      { customerId: 'B 2', currentTier: 'diamond', pendingTier: 'supreme', openedOn: '2026-11-23' },
    ]);
    const ok = await cli(['review', 'approve', '--db', file, '--customer', 'B 2', '--reason', 'MCN 机构', '--actor', 'zhang']);
    expect(ok.code).toBe(0);
    const again = await cli(['review', 'reject', '--db', file, '--customer', 'B 2', '--reason', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no pending review/);
    const e = JSON.parse((await cli(['explain', '--db', file, '--customer', 'B 2', '--json'])).stdout);
    expect(e.assignment.tier).toBe('supreme');
    expect(e.history.at(-1)).toMatchObject({ cause: 'review', actor: 'zhang', reason: 'MCN 机构' });
  });

  it('sets and clears overrides; a reason is required', async () => {
    const { file } = smallBase();
    expect((await cli(['override', 'set', '--db', file, '--customer', 'A1', '--tier', 'gold'])).code).toBe(2);
    const set = await cli([
      'override',
      'set',
      '--db',
      file,
      '--customer',
      'A1',
      '--tier',
      'gold',
      '--reason',
      '补偿',
      '--until',
      '2026-12-31',
    ]);
    expect(set.code).toBe(0);
    expect((await cli(['override', 'set', '--db', file, '--customer', 'nobody', '--tier', 'gold', '--reason', 'x'])).stderr).toMatch(
      /no customer with id "nobody"/,
    );
    const clear = await cli(['override', 'clear', '--db', file, '--customer', 'A1', '--reason', 'done']);
    expect(clear.code).toBe(0);
    expect((await cli(['override', 'clear', '--db', file, '--customer', 'A1', '--reason', 'done'])).code).toBe(1);
  });

  it('explains what the next tier needs in actionable amounts', async () => {
    f = new Fixture();
    f.customer('E');
    f.order('E', '2026-07-01', '5000.00');
    f.close();
    await cli(['evaluate', '--db', f.file, '--as-of', '2026-11-23']);
    const r = await cli(['explain', '--db', f.file, '--customer', 'E']);
    expect(r.code).toBe(0);
    // gold now (cumulative 5000); diamond needs monthly > 1000 over 6 months with 5,000.00 spent.
    expect(r.stdout).toContain('monthlySpend > 1000 over 6 months with 5,000.00 spent → 6,000.01 − 5,000.00 = 1,000.01 more in the window');
    expect(r.stdout).toContain('Next tier: diamond');
    const j = JSON.parse((await cli(['explain', '--db', f.file, '--customer', 'E', '--json'])).stdout);
    expect(j.qualifiedBy).toMatchObject({ tier: 'gold', ruleIndex: 0 });
    expect(j.next.rules[0].conditions[1]).toMatchObject({ metric: 'monthlySpend', unit: 'CNY', met: false, missing: 1000.01 });
  });

  it('explains strict and count thresholds, skipping an unreachable tier', async () => {
    f = new Fixture();
    f.customer('S');
    f.order('S', '2024-07-01', '19000.00');
    for (const r of ['R1', 'R2', 'R3']) {
      f.customer(r);
      f.order(r, '2026-10-01', '1.00');
      f.referral('S', r, '2026-01-01');
    }
    f.close();
    const doc = structuredClone(SEED_POLICY);
    doc.tiers[3]!.rules = []; // diamond unreachable
    doc.tiers[4]!.rules.push({ all: [{ metric: 'activeReferrals', op: '>=', value: 5 }] });
    const pf = path.join(tempDir(), 'p.json');
    fs.writeFileSync(pf, JSON.stringify(doc));
    expect((await cli(['policy', 'publish', '--db', f.file, '--file', pf])).code).toBe(0);
    await cli(['evaluate', '--db', f.file, '--as-of', '2026-11-23']);
    const r = await cli(['explain', '--db', f.file, '--customer', 'S']);
    expect(r.stdout).toContain('Next tier: supreme (needs review), any of:');
    expect(r.stdout).toContain('cumulativeSpend: 1,000.01 more');
    expect(r.stdout).toContain('activeReferrals: 2 more (active referrals)');
  });

  it('policy publish refuses a bad document naming the place, policy show prints defaults filled in', async () => {
    const { file } = smallBase();
    const bad = structuredClone(SEED_POLICY) as unknown as { tiers: { rules: { all: { metric: string }[] }[] }[] };
    bad.tiers[2]!.rules[0]!.all.push({ metric: 'spend', op: '>=', value: 1 } as never);
    const pf = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(pf, JSON.stringify(bad));
    const r = await cli(['policy', 'publish', '--db', file, '--file', pf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tiers[2].rules[0].all[1].metric: unknown metric "spend"');
    const minimal = { name: 'min', tiers: SEED_POLICY.tiers.map((t) => ({ id: t.id, rules: t.rules })) };
    fs.writeFileSync(pf, JSON.stringify(minimal));
    expect((await cli(['policy', 'publish', '--db', file, '--file', pf, '--actor', 'mgr'])).code).toBe(0);
    const shown = JSON.parse((await cli(['policy', 'show', '--db', file])).stdout);
    expect(shown).toMatchObject({
      name: 'min',
      windowMonths: 6,
      protectionDays: 90,
      reviewCooldownDays: 90,
      costModel: { discountShare: 0.3, pointValue: 0.01 },
    });
    expect(shown.benefits.supreme).toMatchObject({
      priceMultiplier: 0.7,
      pointsPerCny: 2,
      quarterlyRebate: 0.03,
      tradingFee: 0.035,
      supportHours: 1,
    });
  });
});
