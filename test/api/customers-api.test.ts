import { describe, expect, it } from 'vitest';
import { apiSuite, ok } from '../helpers/api';
import { Fixture } from '../helpers/fixture';

/**
 * 'A 1' (张三): real-name verified, ¥1,000.00 spent and three active referrals: Silver, and Gold needs
 * ¥1,000.00 more cumulative spend or 2 more active referrals. 'B 2': over ¥20,000: a Supreme review.
 */
function base(): Fixture {
  const f = new Fixture('2026-11-23');
  f.customer('A 1', { name: '张三' });
  f.order('A 1', '2026-03-01 09:00:00', '400.00');
  f.order('A 1', '2026-10-01 09:00:00', '600.00');
  f.order('A 1', '2026-11-20 09:00:00', '99.00', 'refunded');
  for (const r of ['R1', 'R2', 'R3']) {
    f.customer(r, { name: `被邀请${r}` });
    f.order(r, '2026-09-01 12:00:00', '10.00');
    f.referral('A 1', r, '2026-08-01');
  }
  f.customer('B 2', { name: '李四 MCN', kind: 'enterprise' });
  f.order('B 2', '2026-06-01 10:00:00', '20000.01');
  f.customer('C 3', { name: '王五', realname: false });
  f.evaluate();
  return f;
}

describe('customer file', () => {
  const suite = apiSuite(base, { operatorName: '运营小张' });

  it('explains the tier, the qualifying rule and what the next tier needs, per alternative rule', async () => {
    const file = ok(await suite.api.customersFile({ customerId: 'A 1' }));
    expect(file).toMatchObject({
      customerId: 'A 1',
      name: '张三',
      kind: 'individual',
      realnameVerified: true,
      phoneVerified: true,
      today: '2026-11-23',
      asOf: '2026-11-23',
      policyVersion: 1,
    });
    expect(file.window).toEqual({ months: 6, from: '2026-05-24', to: '2026-11-23' });
    expect(file.metrics).toMatchObject({ cumulativeSpend: 1000, paidOrders: 2, windowSpend: 600, activeReferrals: 3 });
    expect(file.assignment).toMatchObject({ tier: 'silver', computedTier: 'silver', pendingTier: null, protectedUntil: null });
    expect(file.qualifiedBy).toMatchObject({
      tier: 'silver',
      ruleIndex: 0,
      conditions: [{ metric: 'cumulativeSpend', op: '>=', value: 500, met: true }],
    });
    expect(file.next?.tier).toBe('gold');
    expect(file.next?.rules.map((r) => r.conditions.map((c) => [c.metric, c.met, c.missing]))).toEqual([
      [['cumulativeSpend', false, 100_000]],
      [['activeReferrals', false, 2]],
    ]);
    expect(file.benefits.current?.supportHours).toBe(24);
    expect(file.benefits.next?.perks).toContain('1对1客户经理对接');
    expect(file.history).toEqual([
      { from: 'none', to: 'silver', date: '2026-11-23', cause: 'evaluation', policyVersion: 1, actor: 'test', reason: null },
    ]);
    expect(file.contracts).toEqual([]);
    expect(file.reviewCooldownDays).toBe(90);
  });

  it('shows a pending review and the customer never evaluated', async () => {
    const b = ok(await suite.api.customersFile({ customerId: 'B 2' }));
    expect(b.assignment).toMatchObject({ tier: 'diamond', computedTier: 'supreme', pendingTier: 'supreme' });
    expect(b.review).toEqual({ open: true, pendingTier: 'supreme', openedOn: '2026-11-23', cooldownUntil: null });
    expect(b.reviews.map((r) => r.status)).toEqual(['open']);
    suite.f.customer('N 9', { name: '新客户' });
    const n = ok(await suite.api.customersFile({ customerId: 'N 9' }));
    expect(n.assignment.tier).toBe('none');
    expect(n.benefits.current).toBeNull();
  });

  it('pages the orders (newest first) and the referrals', async () => {
    const first = ok(await suite.api.customersOrders({ customerId: 'A 1', limit: 2 }));
    expect(first.total).toBe(3);
    expect(first.rows.map((o) => [o.amountFen, o.status])).toEqual([
      [9_900, 'refunded'],
      [60_000, 'paid'],
    ]);
    const second = ok(await suite.api.customersOrders({ customerId: 'A 1', offset: 2, limit: 2 }));
    expect(second.rows.map((o) => o.amountFen)).toEqual([40_000]);
    const refs = ok(await suite.api.customersReferrals({ customerId: 'A 1' }));
    expect(refs.total).toBe(3);
    expect(refs.rows.map((r) => [r.customerId, r.tier, r.realnameVerified])).toEqual([
      ['R1', 'regular', true],
      ['R2', 'regular', true],
      ['R3', 'regular', true],
    ]);
  });

  it('names an unknown customer', async () => {
    const r = await suite.api.customersFile({ customerId: 'nobody' });
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_CUSTOMER', message: 'no customer with id "nobody"' } });
  });
});

describe('overrides', () => {
  const suite = apiSuite(base, { operatorName: '运营小张' });

  const auditRows = (action: string) =>
    suite.f.db
      .prepare('SELECT actor, entity, entity_id, before, after, details FROM audit_log WHERE action = ? ORDER BY id')
      .all(action) as {
      actor: string;
      entity: string;
      entity_id: string;
      before: string;
      after: string;
      details: string;
    }[];

  it('refuses an override without a reason, with a last day in the past, or for an unknown customer', async () => {
    const noReason = await suite.api.overridesSet({ customerId: 'A 1', tier: 'gold', reason: '   ' });
    expect(noReason.ok === false && noReason.error).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('reason: give a reason'),
    });
    const past = await suite.api.overridesSet({ customerId: 'A 1', tier: 'gold', reason: '补录', until: '2026-11-22' });
    expect(past.ok === false && past.error).toEqual({
      code: 'BAD_UNTIL',
      message: "the override's last day 2026-11-22 is before today (2026-11-23)",
    });
    const unknown = await suite.api.overridesSet({ customerId: 'zz', tier: 'gold', reason: '补录' });
    expect(unknown.ok === false && unknown.error.code).toBe('UNKNOWN_CUSTOMER');
    expect(auditRows('override.set')).toEqual([]);
  });

  it('pins the tier with a reason and an end date: history, audit, list and file show it', async () => {
    const o = ok(await suite.api.overridesSet({ customerId: 'A 1', tier: 'gold', reason: '战略客户，提前升级', until: '2026-12-31' }));
    expect(o).toMatchObject({
      tier: 'gold',
      reason: '战略客户，提前升级',
      actor: '运营小张',
      setOn: '2026-11-23',
      until: '2026-12-31',
      clearedOn: null,
    });
    const file = ok(await suite.api.customersFile({ customerId: 'A 1' }));
    expect(file.assignment.tier).toBe('gold');
    expect(file.override).toMatchObject({ tier: 'gold', actor: '运营小张', until: '2026-12-31' });
    expect(file.history.at(-1)).toEqual({
      from: 'silver',
      to: 'gold',
      date: '2026-11-23',
      cause: 'override',
      policyVersion: null,
      actor: '运营小张',
      reason: '战略客户，提前升级',
    });
    const [row] = auditRows('override.set');
    expect(row).toMatchObject({ actor: '运营小张', entity: 'customer', entity_id: 'A 1' });
    expect(JSON.parse(row!.before).tier).toBe('silver');
    expect(JSON.parse(row!.after).tier).toBe('gold');
    expect(JSON.parse(row!.details)).toEqual({ tier: 'gold', reason: '战略客户，提前升级', until: '2026-12-31' });
    const listed = ok(await suite.api.customersList({ filter: { overridden: true } }));
    expect(listed.rows.map((r) => [r.customerId, r.tier, r.override?.actor, r.override?.until])).toEqual([
      ['A 1', 'gold', '运营小张', '2026-12-31'],
    ]);
  });

  it('an override of a customer under review lapses the review', async () => {
    ok(await suite.api.overridesSet({ customerId: 'B 2', tier: 'supreme', reason: '合同已签' }));
    const b = ok(await suite.api.customersFile({ customerId: 'B 2' }));
    expect(b.assignment).toMatchObject({ tier: 'supreme', pendingTier: null });
    expect(b.reviews[0]).toMatchObject({ status: 'lapsed', reason: 'overridden' });
    expect(ok(await suite.api.reviewsCount()).open).toBe(0);
  });

  it('clears with a reason, audited; the tier stays until the next evaluation', async () => {
    const noReason = await suite.api.overridesClear({ customerId: 'A 1', reason: '' });
    expect(noReason.ok).toBe(false);
    const cleared = ok(await suite.api.overridesClear({ customerId: 'A 1', reason: '客户要求按规则定级' }));
    expect(cleared).toMatchObject({ tier: 'gold', clearedOn: '2026-11-23', clearedBy: '运营小张', clearedReason: '客户要求按规则定级' });
    const file = ok(await suite.api.customersFile({ customerId: 'A 1' }));
    expect(file.override).toBeNull();
    expect(file.assignment.tier).toBe('gold');
    expect(file.overrides.map((o) => [o.tier, o.clearedReason])).toEqual([['gold', '客户要求按规则定级']]);
    expect(auditRows('override.clear')).toHaveLength(1);
    const again = await suite.api.overridesClear({ customerId: 'A 1', reason: '再次' });
    expect(again.ok === false && again.error).toEqual({ code: 'NO_OVERRIDE', message: 'customer "A 1" has no active override' });
    expect(ok(await suite.api.customersList({ filter: { overridden: true } })).total).toBe(1);
    suite.f.evaluate();
    expect(suite.f.tier('A 1').tier).toBe('silver');
  });
});

describe('customers:list and customers:count over the API', () => {
  const suite = apiSuite(base);

  it('filters, sorts and pages; ids with spaces and Chinese names are found', async () => {
    const page = ok(await suite.api.customersList({ filter: { search: ' 1' }, sort: { key: 'cumulativeSpend', dir: 'desc' }, limit: 10 }));
    expect(page.rows.map((r) => r.customerId)).toEqual(['A 1', 'R1']);
    expect(page).toMatchObject({ offset: 0, total: 2, exact: true, all: 6 });
    expect(ok(await suite.api.customersList({ filter: { search: '李四' } })).rows.map((r) => r.customerId)).toEqual(['B 2']);
    const byTier = ok(await suite.api.customersList({ sort: { key: 'tier', dir: 'desc' }, offset: 1, limit: 2 }));
    // Ties follow the import order, reversed with the sort.
    expect(byTier.rows.map((r) => [r.customerId, r.tier])).toEqual([
      ['A 1', 'silver'],
      ['R3', 'regular'],
    ]);
    expect(ok(await suite.api.customersCount({ filter: { mismatch: true } }))).toEqual({ count: 1 });
    expect(ok(await suite.api.customersCount({ filter: { tier: 'none', realnameVerified: false } }))).toEqual({ count: 1 });
  });

  it('refuses a bad filter with the field named', async () => {
    const r = await suite.api.customersList({ filter: { cumulativeFen: { min: 500, max: 100 } } });
    expect(r.ok === false && r.error).toEqual({
      code: 'BAD_INPUT',
      message: 'customers:list: filter.cumulativeFen: min must not be above max',
    });
    const extra = await suite.api.call('customers:list', { filter: { colour: 'red' } } as never);
    expect(extra.ok === false && extra.error.code).toBe('BAD_INPUT');
    const big = await suite.api.customersList({ limit: 501 });
    expect(big.ok === false && big.error.message).toMatch(/limit/);
  });
});
