import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../helpers/fixture';
import { audit } from '../../src/engine/audit';
import { classifyOne, compileClassifier } from '../../src/engine/classify';
import { computeMetrics } from '../../src/engine/metrics';
import { publishPolicy } from '../../src/engine/policies';
import { saveDraft } from '../../src/engine/drafts';
import { compileScenarioKernel } from '../../src/engine/simulate/kernel';
import { decimal, exactCosts, roundFen, sumCosts } from '../../src/engine/simulate/cost';
import { listMovers, moversCsv, simulate, simulationContext, sweep, type Simulation } from '../../src/engine/simulate/index';
import { METRICS, OPS, SEED_001_PRESET, SEED_POLICY, parsePolicy, type Policy } from '@shared/policy';
import { TIERS, type Tier } from '@shared/tiers';

let f: Fixture;
afterEach(() => f?.close());

const AS_OF = '2026-11-23';

/** The seed policy with Silver's first condition (cumulativeSpend >= 500) at another value. */
function silverAt(value: number, base: Policy = SEED_POLICY): Policy {
  const tiers = base.tiers.map((t) =>
    t.id !== 'silver'
      ? t
      : { ...t, rules: [{ all: [{ metric: 'cumulativeSpend' as const, op: '>=' as const, value }] }, ...t.rules.slice(1)] },
  );
  return { ...base, name: `silver ${value}`, tiers };
}

/** Computed tier of every customer under a policy, straight from the lead's classifier (the reference). */
function reference(db: Fixture['db'], policy: Policy, asOf: string): Uint8Array {
  const m = computeMetrics(db, asOf, policy.windowMonths, 'Asia/Shanghai');
  const out = new Uint8Array(m.n);
  compileClassifier(policy)(m, m.n, out);
  return out;
}

function expectMatrixConsistent(sim: Simulation): void {
  const s = sim.summary;
  for (const from of TIERS) expect(TIERS.reduce((a, to) => a + s.matrix[from][to], 0)).toBe(s.baseline.counts[from]);
  for (const to of TIERS) expect(TIERS.reduce((a, from) => a + s.matrix[from][to], 0)).toBe(s.scenario.counts[to]);
  let up = 0,
    down = 0;
  TIERS.forEach((from, b) =>
    TIERS.forEach((to, t) => {
      if (t > b) up += s.matrix[from][to];
      if (t < b) down += s.matrix[from][to];
    }),
  );
  expect([s.upgrades, s.downgrades]).toEqual([up, down]);
}

// ---------------------------------------------------------------- random data and policies

const customerArb = fc.record({
  realname: fc.boolean(),
  phone: fc.boolean(),
  enterprise: fc.boolean(),
  orders: fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 820 }), fen: fc.integer({ min: 0, max: 2_500_000 }), refunded: fc.boolean() }),
    { maxLength: 30 },
  ),
  referrals: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 7 }),
  points: fc.array(fc.record({ day: fc.integer({ min: 0, max: 820 }), points: fc.integer({ min: 0, max: 50 }) }), { maxLength: 3 }),
});

type Customer = typeof customerArb extends fc.Arbitrary<infer C> ? C : never;

function load(customers: Customer[]): void {
  const base = Date.parse('2024-09-01T00:00:00+08:00');
  customers.forEach((c, i) =>
    f.customer(`C${i}`, { realname: c.realname, phone: c.phone, kind: c.enterprise ? 'enterprise' : 'individual', name: `客户${i}号` }),
  );
  const ins = f.db.prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) VALUES (?, ?, ?, ?, ?)');
  let o = 0;
  customers.forEach((c, i) => {
    for (const ord of c.orders)
      ins.run(`X${o++}`, f.key(`C${i}`), base + ord.day * 86_400_000 + 3_600_000, ord.fen, ord.refunded ? 'refunded' : 'paid');
    for (const r of new Set(c.referrals))
      if (r < customers.length)
        f.db.prepare('INSERT INTO referrals VALUES (?, ?, ?)').run(f.key(`C${i}`), f.key(`C${r}`), base + r * 86_400_000);
    c.points.forEach((p, j) =>
      f.db.prepare('INSERT INTO contributions VALUES (?, ?, ?, ?)').run(f.key(`C${i}`), 'review', base + p.day * 86_400_000 + j, p.points),
    );
  });
}

const conditionArb = fc.record({
  metric: fc.constantFrom(...METRICS),
  op: fc.constantFrom(...OPS),
  value: fc.oneof(
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 0, max: 30_000_00 }).map((v) => v / 100),
  ),
});
const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    windowMonths: fc.integer({ min: 1, max: 12 }),
    protectionDays: fc.integer({ min: 0, max: 200 }),
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
      protectionDays: p.protectionDays,
      tiers: p.tiers.map((rules, i) => ({ id: SEED_POLICY.tiers[i]!.id, requiresReview: p.reviews[i], rules })),
    }),
  );
const dataArb = fc.array(customerArb, { minLength: 1, maxLength: 16 });

describe('simulation engine', () => {
  it("counts equal a full evaluation's computed tiers for the same policy and date (random policies and data)", () => {
    fc.assert(
      fc.property(dataArb, policyArb, policyArb, (customers, policy, other) => {
        f?.close();
        f = new Fixture();
        load(customers);
        publishPolicy(f.db, policy, { actor: 't', now: f.now });
        f.evaluate(AS_OF);
        const computed = new Map(
          (
            f.db.prepare('SELECT c.customer_id AS id, a.computed_tier AS t FROM customers c JOIN assignments a ON a.cust = c.id').all() as {
              id: string;
              t: Tier;
            }[]
          ).map((r) => [r.id, r.t]),
        );
        const expected = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
        for (const t of computed.values()) expected[t]++;

        const ctx = simulationContext(f.db);
        const same = simulate(ctx, policy, AS_OF);
        expect(same.summary.baseline.counts).toEqual(expected);
        expect(same.summary.scenario.counts).toEqual(expected);
        expect(same.summary.upgrades + same.summary.downgrades).toBe(0);
        same.metrics.customerIds.forEach((id, k) => expect(TIERS[same.scenario[k]!]).toBe(computed.get(id)));
        expectMatrixConsistent(same);

        // Another draft (its own window): per customer, the lead's classifier over its own metrics.
        const sim = simulate(ctx, other, AS_OF);
        expect(Array.from(sim.baseline)).toEqual(Array.from(same.baseline));
        expect(Array.from(sim.scenario)).toEqual(Array.from(reference(f.db, other, AS_OF)));
        expectMatrixConsistent(sim);
        const assigned = new Map(
          (
            f.db.prepare('SELECT c.customer_id AS id, a.tier AS t FROM customers c JOIN assignments a ON a.cust = c.id').all() as {
              id: string;
              t: Tier;
            }[]
          ).map((r) => [r.id, TIERS.indexOf(r.t)]),
        );
        const protectedDowngrades = sim.metrics.customerIds.filter((id, k) => (assigned.get(id) ?? 0) > sim.scenario[k]!).length;
        expect(sim.summary.protectedDowngrades).toBe(protectedDowngrades);
        expect(listMovers(ctx, sim, { limit: 10_000 }).total).toBe(sim.summary.upgrades + sim.summary.downgrades);
      }),
      { numRuns: 25 },
    );
  });

  it('the seed thresholds on both sides of each boundary: simulation equals evaluation per customer', () => {
    f = new Fixture(AS_OF);
    const spend: [string, string, Tier][] = [
      ['S1', '499.99', 'regular'],
      ['S2', '500.00', 'silver'],
      ['G1', '1999.99', 'silver'],
      ['G2', '2000.00', 'gold'],
      ['M1', '6000.00', 'gold'],
      ['M2', '6000.01', 'diamond'],
      ['P1', '20000.00', 'diamond'],
      ['P2', '20000.01', 'supreme'],
    ];
    for (const [id, amount] of spend) {
      f.customer(id);
      f.order(id, '2026-11-01 12:00:00', amount);
    }
    f.customer('O17');
    f.orders('O17', 17, '2026-10-01');
    f.customer('O18');
    f.orders('O18', 18, '2026-10-01');
    f.customer('U', { realname: false });
    f.order('U', '2026-11-01 12:00:00', '50000.00');
    f.evaluate(AS_OF);
    const expected: Record<string, Tier> = {
      ...Object.fromEntries(spend.map(([id, , t]) => [id, t])),
      O17: 'regular',
      O18: 'silver',
      U: 'none',
    };
    const sim = simulate(simulationContext(f.db), SEED_POLICY, AS_OF);
    sim.metrics.customerIds.forEach((id, k) => {
      expect([id, TIERS[sim.scenario[k]!]]).toEqual([id, expected[id]]);
      expect([id, TIERS[sim.scenario[k]!]]).toEqual([id, f.tier(id).computed]);
    });
  });

  it('the scenario kernel classifies exactly like compileClassifier and classifyOne, and counts the movers (columns at and around every threshold)', () => {
    const col = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(
        policyArb,
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
          { minLength: 1, maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 200_000 }),
        (a, b, rows, scale) => {
          const n = rows.length;
          const mk = (j: number, s = 1) => Float64Array.from(rows, (r) => r[j]! * s);
          const cols = {
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
          const base = new Uint8Array(n);
          compileClassifier(a)(cols, n, base);
          const scen = new Uint8Array(n),
            cells = new Float64Array(36),
            gmv = new Float64Array(36);
          const assigned = Uint8Array.from(rows, (r) => (r[0] + r[1]) % 6);
          const prot = compileScenarioKernel(b)(cols, n, base, scen, assigned, cols.annualFen, cells, gmv);
          const ref = new Uint8Array(n);
          compileClassifier(b)(cols, n, ref);
          expect(Array.from(scen)).toEqual(Array.from(ref));
          for (let k = 0; k < n; k++) expect(scen[k]).toBe(classifyOne(b, cols, k).computed);
          const refCells = new Float64Array(36),
            refGmv = new Float64Array(36);
          for (let k = 0; k < n; k++) {
            if (base[k] === ref[k]) continue;
            refCells[base[k]! * 6 + ref[k]!]!++;
            refGmv[base[k]! * 6 + ref[k]!]! += cols.annualFen[k]!;
          }
          expect(Array.from(cells)).toEqual(Array.from(refCells));
          expect(Array.from(gmv)).toEqual(Array.from(refGmv));
          expect(prot).toBe(Array.from(assigned).filter((t, k) => t > ref[k]!).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a sweep equals repeated simulations, boundary values included', () => {
    fc.assert(
      fc.property(
        dataArb,
        policyArb,
        fc.nat(),
        fc.array(fc.integer({ min: 0, max: 3_000_000 }), { maxLength: 6 }),
        (customers, policy, pick, extra) => {
          f?.close();
          f = new Fixture();
          load(customers);
          const targets = policy.tiers.flatMap((t) =>
            t.rules.flatMap((r, ri) => r.all.map((_, ci) => ({ tier: t.id, rule: ri, condition: ci }))),
          );
          fc.pre(targets.length > 0);
          const target = targets[pick % targets.length]!;
          const ctx = simulationContext(f.db);
          // Values on the customers' own metrics (exact boundaries), around them, and random ones.
          const m = computeMetrics(f.db, AS_OF, policy.windowMonths, 'Asia/Shanghai');
          const onData = Array.from(m.cumulativeFen.slice(0, 4), (v) => v / 100).concat(
            Array.from(m.paidOrders.slice(0, 3)),
            Array.from(m.windowFen.slice(0, 3), (v) => v / 100 / policy.windowMonths),
          );
          const values = [
            ...onData.map((v) => Math.round(v * 100) / 100),
            ...onData.map((v) => Math.round(v * 100 + 1) / 100),
            ...extra.map((v) => v / 100),
            0,
            1,
            2.5,
          ];
          const { points } = sweep(ctx, policy, AS_OF, target, values);
          points.forEach((p, j) => {
            const ti = policy.tiers.findIndex((t) => t.id === target.tier);
            const varied: Policy = {
              ...policy,
              tiers: policy.tiers.map((t, i) =>
                i !== ti
                  ? t
                  : {
                      ...t,
                      rules: t.rules.map((r, ri) =>
                        ri !== target.rule ? r : { all: r.all.map((c, ci) => (ci === target.condition ? { ...c, value: values[j]! } : c)) },
                      ),
                    },
              ),
            };
            expect(p.value).toBe(values[j]);
            expect(p.counts).toEqual(simulate(ctx, varied, AS_OF).summary.scenario.counts);
          });
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('cost model, by hand', () => {
  /**
   * As of 2026-11-23 under the seed policy: A 600.00 (silver), B 2,500.00 (gold), C 100.00 without
   * real name (none), D 100.00 before the annual window (regular, annual 0), E 300.00 (regular).
   */
  function handFixture(): void {
    f = new Fixture(AS_OF);
    for (const id of ['A', 'B', 'D', 'E']) f.customer(id);
    f.customer('C', { realname: false });
    f.order('A', '2026-10-01 12:00:00', '600.00');
    f.order('B', '2026-09-01 12:00:00', '2500.00');
    f.order('C', '2026-09-01 12:00:00', '100.00');
    f.order('D', '2025-06-01 12:00:00', '100.00');
    f.order('E', '2026-11-01 12:00:00', '300.00');
  }

  it('per tier and in total, for both sides, with the difference; none has no benefits', () => {
    handFixture();
    f.evaluate(AS_OF);
    const s = simulate(simulationContext(f.db), silverAt(1000), AS_OF).summary;
    expect(s.baseline.counts).toEqual({ none: 1, regular: 2, silver: 1, gold: 1, diamond: 0, supreme: 0 });
    expect(s.scenario.counts).toEqual({ none: 1, regular: 3, silver: 0, gold: 1, diamond: 0, supreme: 0 });
    expect(s.baseline.gmv).toEqual({ none: 100, regular: 300, silver: 600, gold: 2500, diamond: 0, supreme: 0, total: 3500 });
    expect(s.scenario.gmv).toEqual({ none: 100, regular: 900, silver: 0, gold: 2500, diamond: 0, supreme: 0, total: 3500 });
    const zero = { discount: 0, rebate: 0, points: 0, feeRevenue: 0, net: 0 };
    // regular 300: discount 300 × (1 − 0.9) × 0.3 = 9, points 300 × 1 × 0.01 = 3, fee 300 × 0.065 = 19.5
    // silver 600: discount 18, points 600 × 1.2 × 0.01 = 7.2, fee 600 × 0.06 = 36
    // gold 2500: discount 75, rebate 2500 × 0.02 = 50, points 30, fee 2500 × 0.055 = 137.5
    expect(s.baseline.cost.byTier).toEqual({
      none: zero,
      regular: { discount: 9, rebate: 0, points: 3, feeRevenue: 19.5, net: 7.5 },
      silver: { discount: 18, rebate: 0, points: 7.2, feeRevenue: 36, net: 10.8 },
      gold: { discount: 75, rebate: 50, points: 30, feeRevenue: 137.5, net: -17.5 },
      diamond: zero,
      supreme: zero,
    });
    expect(s.baseline.cost.total).toEqual({ discount: 102, rebate: 50, points: 40.2, feeRevenue: 193, net: 0.8 });
    // regular 900: discount 27, points 9, fee 58.5
    expect(s.scenario.cost.byTier.regular).toEqual({ discount: 27, rebate: 0, points: 9, feeRevenue: 58.5, net: 22.5 });
    expect(s.scenario.cost.byTier.silver).toEqual(zero);
    expect(s.scenario.cost.total).toEqual({ discount: 102, rebate: 50, points: 39, feeRevenue: 196, net: 5 });
    expect(s.difference.cost.total).toEqual({ discount: 0, rebate: 0, points: -1.2, feeRevenue: 3, net: 4.2 });
    expect(s.difference.counts).toEqual({ none: 0, regular: 1, silver: -1, gold: 0, diamond: 0, supreme: 0 });
    expect(s.matrix.silver.regular).toBe(1);
    expect([s.upgrades, s.downgrades]).toEqual([0, 1]);
    // A holds silver (assigned) and would be regular: the protection period delays that for 90 days.
    expect(s.protectedDowngrades).toBe(1);
    expect(s.protectedUntil).toBe('2027-02-21');
    expect(s.baseline.share.regular).toBeCloseTo(0.4, 12);
  });

  it("uses the draft's benefits and cost model, exactly: 1.00 × 14.5% is 0.15, not the float 0.14", () => {
    handFixture();
    const draft: Policy = {
      ...silverAt(1000),
      benefits: {
        ...SEED_POLICY.benefits,
        gold: { ...SEED_POLICY.benefits.gold, tradingFee: 0.145, priceMultiplier: 0.7, quarterlyRebate: 0.031, pointsPerCny: 3 },
      },
      costModel: { discountShare: 0.5, pointValue: 0.02 },
      protectionDays: 7,
    };
    const s = simulate(simulationContext(f.db), draft, AS_OF).summary;
    // gold 2500: discount 2500 × 0.3 × 0.5 = 375, rebate 77.5, points 2500 × 3 × 0.02 = 150, fee 362.5
    expect(s.scenario.cost.byTier.gold).toEqual({ discount: 375, rebate: 77.5, points: 150, feeRevenue: 362.5, net: -240 });
    // Never evaluated: nobody holds a tier, so nothing is protected.
    expect(s.protectedDowngrades).toBe(0);
    expect(s.protectedUntil).toBe('2026-11-30');
    const costs = exactCosts(draft, [0, 0, 0, 100, 0, 0]);
    expect(roundFen(costs.gold.feeRevenue)).toBe(15);
    expect(100 * 0.145).toBeLessThan(14.5); // what summing floats would have rounded down
    expect(roundFen({ num: -5n, scale: 1 })).toBe(-1);
    expect(roundFen({ num: 5n, scale: 1 })).toBe(1);
    expect(roundFen({ num: 149n, scale: 2 })).toBe(1);
    expect(decimal(1e-7)).toEqual({ num: 1n, scale: 7 });
    expect(decimal(0.065)).toEqual({ num: 65n, scale: 3 });
    expect(roundFen(sumCosts(costs).net)).toBe(roundFen(costs.gold.net));
  });
});

describe('windows, cache and movers', () => {
  it('each side uses the metrics of its own window', () => {
    f = new Fixture(AS_OF);
    f.customer('W');
    f.orders('W', 20, '2026-02-01', '10.00'); // 20 orders between 7 and 10 months ago
    const twelve: Policy = { ...SEED_POLICY, windowMonths: 12 };
    const s = simulate(simulationContext(f.db), twelve, AS_OF).summary;
    // 6 months: 0 orders in the window → regular; 12 months: 20 / 12 < 3 → still regular; with >= 1.5: silver.
    expect(s.baseline.counts.regular).toBe(1);
    const low: Policy = {
      ...twelve,
      tiers: twelve.tiers.map((t) =>
        t.id === 'silver' ? { ...t, rules: [{ all: [{ metric: 'monthlyOrders', op: '>=', value: 1.5 }] }] } : t,
      ),
    };
    const s2 = simulate(simulationContext(f.db), low, AS_OF).summary;
    expect(s2.scenario.counts.silver).toBe(1);
    expect(s2.baseline.counts.regular).toBe(1);
    expect(s2.scenario.windowMonths).toBe(12);
  });

  it('re-simulation reuses the metrics; an import or evaluation (audited) invalidates them, a draft save does not', () => {
    f = new Fixture(AS_OF);
    f.customer('A');
    f.order('A', '2026-10-01 12:00:00', '600.00');
    const ctx = simulationContext(f.db);
    expect(simulate(ctx, SEED_POLICY, AS_OF).summary.metricsCached).toBe(false);
    const again = simulate(ctx, silverAt(700), AS_OF).summary;
    expect(again.metricsCached).toBe(true);
    expect(again.scenario.counts.regular).toBe(1);
    saveDraft(f.db, { name: 'd', document: SEED_POLICY }, { actor: 't', now: f.now });
    expect(simulate(ctx, silverAt(700), AS_OF).summary.metricsCached).toBe(true);

    // An import: rows plus its audit row, in one transaction.
    f.db.transaction(() => {
      f.order('A', '2026-10-02 12:00:00', '200.00');
      audit(f.db, f.now(), { actor: 't', action: 'import', entity: 'data' });
    })();
    const afterImport = simulate(ctx, silverAt(700), AS_OF).summary;
    expect(afterImport.metricsCached).toBe(false);
    expect(afterImport.scenario.counts.silver).toBe(1);

    f.evaluate(AS_OF);
    const afterEval = simulate(ctx, silverAt(900), AS_OF).summary;
    expect(afterEval.metricsCached).toBe(false);
    expect(afterEval.protectedDowngrades).toBe(1);

    f.customer('B'); // a new customer without an audit row (the demo generator) also counts
    expect(simulate(ctx, silverAt(900), AS_OF).summary.customers).toBe(2);
  });

  it('movers: pages, search by id or name, direction filters, CSV; a stale simulation is refused', () => {
    f = new Fixture(AS_OF);
    for (let i = 0; i < 30; i++) {
      f.customer(`M${String(i).padStart(2, '0')}`, { name: i === 7 ? '=HYPERLINK("x")' : `张${i}` });
      f.order(`M${String(i).padStart(2, '0')}`, '2026-10-01 12:00:00', `${100 * i}.50`);
    }
    const ctx = simulationContext(f.db);
    // Silver from 1000: customers 5..9 (500.50 … 900.50) drop to regular; 2000+ stay gold.
    const sim = simulate(ctx, silverAt(1000), AS_OF);
    expect(sim.summary.downgrades).toBe(5);
    const page = listMovers(ctx, sim, { offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.customerId)).toEqual(['M06', 'M07']);
    expect(page.rows[0]).toEqual({
      customerId: 'M06',
      name: '张6',
      from: 'silver',
      to: 'regular',
      assigned: 'none',
      annualSpend: 600.5,
      cumulativeSpend: 600.5,
    });
    expect(listMovers(ctx, sim, { search: 'm08' }).rows.map((r) => r.customerId)).toEqual(['M08']);
    expect(listMovers(ctx, sim, { search: '张9' }).rows.map((r) => r.customerId)).toEqual(['M09']);
    expect(listMovers(ctx, sim, { direction: 'up' }).total).toBe(0);
    expect(listMovers(ctx, sim, { from: 'silver', to: 'regular' }).total).toBe(5);
    const csv = [...moversCsv(ctx, sim)].join('');
    const lines = csv.split('\n');
    expect(lines[0]).toBe('\ufeffcustomer_id,name,active_tier,draft_tier,assigned_tier,annual_spend,cumulative_spend');
    expect(lines[1]).toBe('M05,张5,silver,regular,none,500.50,500.50');
    expect(lines[3]).toBe(`M07,"'=HYPERLINK(""x"")",silver,regular,none,700.50,700.50`);
    expect(lines.length).toBe(7);

    f.evaluate(AS_OF);
    expect(() => listMovers(ctx, sim)).toThrow(/data changed since this simulation/);
  });

  it('an empty database simulates to zeros', () => {
    f = new Fixture(AS_OF);
    const s = simulate(simulationContext(f.db), SEED_001_PRESET, AS_OF).summary;
    expect(s.customers).toBe(0);
    expect(s.baseline.counts).toEqual({ none: 0, regular: 0, silver: 0, gold: 0, diamond: 0, supreme: 0 });
    expect(s.baseline.share.none).toBe(0);
    expect(s.matrix.none.none).toBe(0);
    expect(s.scenario.cost.total.net).toBe(0);
    expect(
      sweep(simulationContext(f.db), SEED_001_PRESET, AS_OF, { tier: 'gold', rule: 0, condition: 0 }, [1, 2]).points.map(
        (p) => p.counts.none,
      ),
    ).toEqual([0, 0]);
  });

  it('refuses a malformed as-of date', () => {
    f = new Fixture(AS_OF);
    expect(() => simulate(simulationContext(f.db), SEED_POLICY, '2026-02-30')).toThrow(/not a date/);
  });
});
