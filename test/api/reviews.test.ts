import { describe, expect, it } from 'vitest';
import { apiSuite, ok } from '../helpers/api';
import { Fixture } from '../helpers/fixture';

/** Four customers over ¥20,000 (Supreme needs review, seed 001), opened on different dates; one Gold customer. */
function base(): Fixture {
  const f = new Fixture('2026-11-20');
  f.customer('S 1', { name: '至尊甲' });
  f.order('S 1', '2026-06-01 10:00:00', '25000.00');
  f.customer('S 2', { name: '至尊乙', kind: 'enterprise' });
  f.order('S 2', '2026-06-01 10:00:00', '150000.00');
  f.customer('G 1', { name: '黄金丙' });
  f.order('G 1', '2026-06-01 10:00:00', '2500.00');
  f.evaluate();
  f.customer('S 3', { name: '至尊丁' });
  f.order('S 3', '2026-06-02 10:00:00', '30000.00');
  f.customer('S 4', { name: '至尊戊' });
  f.order('S 4', '2026-06-02 10:00:00', '40000.00');
  f.setToday('2026-11-23');
  f.evaluate();
  return f;
}

describe('review queue', () => {
  const suite = apiSuite(base, { operatorName: '审核员王' });

  const audits = (action: string) =>
    suite.f.db.prepare('SELECT entity_id, actor, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
      entity_id: string;
      actor: string;
      details: string;
    }[];

  it('lists open reviews oldest first with the evidence, paged and searchable', async () => {
    const q = ok(await suite.api.reviewsList({}));
    expect(q).toMatchObject({ total: 4, offset: 0, cooldownDays: 90, today: '2026-11-23' });
    expect(q.rows.map((r) => [r.customerId, r.currentTier, r.pendingTier, r.openedOn])).toEqual([
      ['S 1', 'diamond', 'supreme', '2026-11-20'],
      ['S 2', 'diamond', 'supreme', '2026-11-20'],
      ['S 3', 'diamond', 'supreme', '2026-11-23'],
      ['S 4', 'diamond', 'supreme', '2026-11-23'],
    ]);
    expect(q.rows[1]).toMatchObject({ name: '至尊乙', kind: 'enterprise', cumulativeFen: 15_000_000, annualFen: 15_000_000 });
    expect(ok(await suite.api.reviewsList({ offset: 3, limit: 5 })).rows.map((r) => r.customerId)).toEqual(['S 4']);
    expect(ok(await suite.api.reviewsList({ search: '丁' })).rows.map((r) => r.customerId)).toEqual(['S 3']);
    expect(ok(await suite.api.reviewsCount())).toEqual({ open: 4 });
  });

  it('approves a selection, one transaction each, and reports who failed and why', async () => {
    const before = ok(await suite.api.tiersDistribution()).tiers.find((t) => t.tier === 'supreme')!.count;
    const r = ok(await suite.api.reviewsApprove({ customerIds: ['S 1', 'G 1', 'nobody', 'S 2'], reason: '年度审核通过' }));
    expect(r.decided.map((d) => [d.customerId, d.status, d.actor, d.reason, d.decidedOn])).toEqual([
      ['S 1', 'approved', '审核员王', '年度审核通过', '2026-11-23'],
      ['S 2', 'approved', '审核员王', '年度审核通过', '2026-11-23'],
    ]);
    expect(r.failed).toEqual([
      { customerId: 'G 1', code: 'NO_REVIEW', message: 'customer "G 1" has no pending review' },
      { customerId: 'nobody', code: 'UNKNOWN_CUSTOMER', message: 'no customer with id "nobody"' },
    ]);
    expect(suite.f.tier('S 1')).toMatchObject({ tier: 'supreme', pending: null, since: '2026-11-23' });
    expect(suite.f.history('S 1').at(-1)).toEqual({
      from_tier: 'diamond',
      to_tier: 'supreme',
      on_date: '2026-11-23',
      cause: 'review',
      actor: '审核员王',
      reason: '年度审核通过',
    });
    expect(audits('review.approve').map((a) => [a.entity_id, a.actor])).toEqual([
      ['S 1', '审核员王'],
      ['S 2', '审核员王'],
    ]);
    expect(ok(await suite.api.tiersDistribution()).tiers.find((t) => t.tier === 'supreme')!.count).toBe(before + 2);
    expect(ok(await suite.api.reviewsCount())).toEqual({ open: 2 });
  });

  it('rejects with a reason: the tier stays, the cooldown shows, no review reopens during it', async () => {
    const noReason = await suite.api.reviewsReject({ customerIds: ['S 3'], reason: ' ' });
    expect(noReason.ok === false && noReason.error.code).toBe('BAD_INPUT');
    const r = ok(await suite.api.reviewsReject({ customerIds: ['S 3'], reason: '资料不全' }));
    expect(r.failed).toEqual([]);
    expect(r.decided[0]).toMatchObject({ customerId: 'S 3', status: 'rejected', reason: '资料不全' });
    expect(suite.f.tier('S 3')).toMatchObject({ tier: 'diamond', pending: null });
    expect(suite.f.history('S 3').map((h) => h.cause)).toEqual(['evaluation']);
    const file = ok(await suite.api.customersFile({ customerId: 'S 3' }));
    expect(file.review).toEqual({ open: false, pendingTier: null, openedOn: null, cooldownUntil: '2027-02-21' });
    expect(audits('review.reject').map((a) => [a.entity_id, JSON.parse(a.details).reason])).toEqual([['S 3', '资料不全']]);
    suite.f.evaluate();
    expect(ok(await suite.api.reviewsList({})).rows.map((x) => x.customerId)).toEqual(['S 4']);
  });

  it('a review decided by someone else in the meantime is a per-customer failure', async () => {
    ok(await suite.api.reviewsApprove({ customerIds: ['S 4'], reason: '通过' }));
    const r = ok(await suite.api.reviewsReject({ customerIds: ['S 4'], reason: '晚了' }));
    expect(r).toEqual({ decided: [], failed: [{ customerId: 'S 4', code: 'NO_REVIEW', message: 'customer "S 4" has no pending review' }] });
    const empty = await suite.api.reviewsApprove({ customerIds: [], reason: 'x' });
    expect(empty.ok === false && empty.error.message).toMatch(/select at least one customer/);
  });
});
