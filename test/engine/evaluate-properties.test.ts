import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../helpers/fixture';
import { classifyOne, compileClassifier, type Columns } from '../../src/engine/classify';
import { METRICS, OPS, SEED_POLICY, parsePolicy, type Policy } from '@shared/policy';
import { setOverride } from '../../src/engine/overrides';

let f: Fixture;
afterEach(() => f?.close());

const snapshot = (f: Fixture) => ({
  assignments: f.db.prepare('SELECT * FROM assignments ORDER BY cust').all(),
  history: f.db.prepare('SELECT count(*) AS n FROM tier_history').get(),
  reviews: f.db.prepare('SELECT * FROM reviews ORDER BY id').all(),
  metrics: f.db.prepare('SELECT * FROM customer_metrics ORDER BY cust').all(),
});

const customerArb = fc.record({
  realname: fc.boolean(),
  enterprise: fc.boolean(),
  orders: fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 800 }), fen: fc.integer({ min: 0, max: 3_000_000 }), refunded: fc.boolean() }),
    { maxLength: 25 },
  ),
  referrals: fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 6 }),
  override: fc.option(fc.constantFrom('none', 'gold', 'supreme'), { freq: 5 }),
});

describe('evaluation properties', () => {
  it('evaluating twice at the same date changes nothing (and writes no history)', () => {
    fc.assert(
      fc.property(fc.array(customerArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 200 }), (customers, later) => {
        f?.close();
        f = new Fixture();
        const base = Date.parse('2024-09-01T00:00:00+08:00');
        customers.forEach((c, i) => f.customer(`C${i}`, { realname: c.realname, kind: c.enterprise ? 'enterprise' : 'individual' }));
        const ins = f.db.prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) VALUES (?, ?, ?, ?, ?)');
        let o = 0;
        customers.forEach((c, i) => {
          for (const ord of c.orders)
            ins.run(`X${o++}`, f.key(`C${i}`), base + ord.day * 86_400_000, ord.fen, ord.refunded ? 'refunded' : 'paid');
          for (const r of new Set(c.referrals))
            if (r < customers.length) f.db.prepare('INSERT INTO referrals VALUES (?, ?, ?)').run(f.key(`C${i}`), f.key(`C${r}`), base);
          if (c.override) setOverride(f.db, `C${i}`, c.override as never, 'test', null, { actor: 't', now: f.now });
        });
        f.evaluate('2026-11-23');
        const date = `2027-${String(1 + (Math.floor(later / 31) % 12)).padStart(2, '0')}-${String(1 + (later % 28)).padStart(2, '0')}`;
        f.evaluate(date);
        const before = snapshot(f);
        const s = f.evaluate(date);
        expect(s.upgrades + s.downgrades).toBe(0);
        expect(snapshot(f)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});

const conditionArb = fc.record({
  metric: fc.constantFrom(...METRICS),
  op: fc.constantFrom(...OPS),
  value: fc.integer({ min: 0, max: 30_000_00 }).map((v) => v / 100),
});
const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    windowMonths: fc.integer({ min: 1, max: 12 }),
    tiers: fc.array(fc.array(fc.record({ all: fc.array(conditionArb, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }), {
      minLength: 5,
      maxLength: 5,
    }),
    reviews: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  })
  .map((p) =>
    parsePolicy({
      name: 'random',
      windowMonths: p.windowMonths,
      tiers: p.tiers.map((rules, i) => ({ id: SEED_POLICY.tiers[i]!.id, requiresReview: p.reviews[i], rules })),
    }),
  );

describe('compiled classifier', () => {
  it('agrees with the rule-tree reference on random policies and metrics (exact money and averages)', () => {
    const col = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(
        policyArb,
        fc.array(
          fc.tuple(
            col,
            col,
            col,
            col,
            col,
            col,
            col,
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: 0, max: 1 }),
          ),
          { minLength: 1, maxLength: 50 },
        ),
        fc.integer({ min: 1, max: 200_000 }),
        (policy, rows, scale) => {
          const n = rows.length;
          const mk = (j: number, s = 1) => Float64Array.from(rows, (r) => r[j]! * s);
          // Money columns are scaled so that thresholds land on and around the exact boundaries.
          const cols: Columns = {
            cumulativeFen: mk(0, scale),
            paidOrders: mk(1),
            windowFen: mk(2, scale),
            windowOrders: mk(3),
            annualFen: mk(4, scale),
            activeReferrals: mk(5),
            contributionPoints: mk(6),
            realnameVerified: mk(7),
            phoneVerified: mk(8),
            enterprise: mk(9),
          };
          const computed = new Uint8Array(n),
            noReview = new Uint8Array(n);
          compileClassifier(policy)(cols, n, computed, noReview);
          for (let k = 0; k < n; k++) {
            const ref = classifyOne(policy, cols, k);
            expect([computed[k], noReview[k]]).toEqual([ref.computed, ref.noReview]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compares averages exactly: 17 orders over 6 months is not ≥ 3, 18 is; 6000.01 over 6 months is > 1000', () => {
    const policy = SEED_POLICY;
    const cols = (windowOrders: number, windowFen: number, cumulativeFen: number): Columns => ({
      cumulativeFen: Float64Array.of(cumulativeFen),
      paidOrders: Float64Array.of(1),
      windowFen: Float64Array.of(windowFen),
      windowOrders: Float64Array.of(windowOrders),
      annualFen: Float64Array.of(0),
      activeReferrals: Float64Array.of(0),
      contributionPoints: Float64Array.of(0),
      realnameVerified: Float64Array.of(1),
      phoneVerified: Float64Array.of(1),
      enterprise: Float64Array.of(0),
    });
    const run = (c: Columns) => {
      const out = new Uint8Array(1);
      compileClassifier(policy)(c, 1, out);
      return out[0];
    };
    expect(run(cols(17, 100, 100))).toBe(1);
    expect(run(cols(18, 100, 100))).toBe(2);
    expect(run(cols(1, 600001, 600001))).toBe(4);
    expect(run(cols(1, 600000, 600000))).toBe(3);
  });
});
