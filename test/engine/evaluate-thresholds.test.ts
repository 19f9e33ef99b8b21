import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../helpers/fixture';

// As-of 2026-11-23: the 6-month window is [2026-05-24 00:00, 2026-11-24 00:00) in +08:00 and the
// annual window starts 2025-11-24 00:00.
const AS_OF = '2026-11-23';
let f: Fixture;
afterEach(() => f?.close());

function gradeOne(setup: (f: Fixture) => void, id = 'A'): ReturnType<Fixture['tier']> {
  f = new Fixture();
  setup(f);
  f.evaluate(AS_OF);
  return f.tier(id);
}

describe('seed policy thresholds, both sides of each boundary', () => {
  it('regular needs real-name verification and one paid order', () => {
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2020-01-01 00:00:00', '0.00');
      }).computed,
    ).toBe('regular');
    expect(
      gradeOne((f) => {
        f.customer('A');
      }).computed,
    ).toBe('none');
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2026-06-01', '10.00', 'refunded');
      }).computed,
    ).toBe('none');
  });

  it('an unverified big spender is none', () => {
    expect(
      gradeOne((f) => {
        f.customer('A', { realname: false });
        f.order('A', '2026-06-01', '250000.00');
      }).computed,
    ).toBe('none');
  });

  it('silver at cumulative 500.00, not at 499.99', () => {
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2024-01-01', '499.99');
      }).computed,
    ).toBe('regular');
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2024-01-01', '500.00');
      }).computed,
    ).toBe('silver');
  });

  it('silver at 18 orders in 6 months (3.0/month), not at 17 (2.833…)', () => {
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.orders('A', 17, '2026-06-01 12:00:00');
      }).computed,
    ).toBe('regular');
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.orders('A', 18, '2026-06-01 12:00:00');
      }).computed,
    ).toBe('silver');
  });

  it('gold at cumulative 2000.00, not at 1999.99', () => {
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2024-01-01', '1999.99');
      }).computed,
    ).toBe('silver');
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2024-01-01', '2000.00');
      }).computed,
    ).toBe('gold');
  });

  it('gold at 5 active referrals, not at 4', () => {
    const setup = (n: number) => (f: Fixture) => {
      f.customer('A');
      f.order('A', '2024-01-01', '1.00');
      for (let i = 0; i < n; i++) {
        f.customer(`R${i}`);
        f.order(`R${i}`, '2026-10-01', '1.00');
        f.referral('A', `R${i}`, '2025-01-01');
      }
    };
    expect(gradeOne(setup(4)).computed).toBe('regular');
    expect(gradeOne(setup(5)).computed).toBe('gold');
  });

  it('diamond needs cumulative ≥ 5000 AND monthly spend > 1000.00: 6000.00 in the window is not enough, 6000.01 is', () => {
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2024-01-01', '1000.00');
        f.order('A', '2026-07-01', '6000.00');
      }).computed,
    ).toBe('gold');
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2024-01-01', '1000.00');
        f.order('A', '2026-07-01', '6000.01');
      }).computed,
    ).toBe('diamond');
    // monthly 1000.01 but cumulative 4999.99 is not diamond
    expect(
      gradeOne((f) => {
        f.customer('A');
        f.order('A', '2026-07-01', '4999.99');
      }).computed,
    ).toBe('gold');
  });

  it('supreme above cumulative 20000.00, not at 20000.00; it needs review', () => {
    const at = gradeOne((f) => {
      f.customer('A');
      f.order('A', '2020-01-01', '20000.00');
    });
    expect(at.computed).toBe('gold');
    const above = gradeOne((f) => {
      f.customer('A');
      f.order('A', '2020-01-01', '20000.01');
    });
    expect(above).toMatchObject({ computed: 'supreme', pending: 'supreme', tier: 'gold' });
  });

  it('supreme above annual 100000.00 even without the cumulative threshold being the reason', () => {
    // Annual window starts 2025-11-24 00:00 +08:00.
    const inside = gradeOne((f) => {
      f.customer('A');
      f.order('A', '2025-11-24 00:00:00', '100000.01');
    });
    expect(inside.computed).toBe('supreme');
    f.close();
    f = new Fixture();
    f.customer('A');
    f.order('A', '2025-11-24', '100000.00');
    f.evaluate(AS_OF);
    // 100000.00 is also cumulative > 20000: supreme through the other alternative.
    expect(f.tier('A').computed).toBe('supreme');
  });
});

describe('windows to the second', () => {
  const windowSpend = (at: string) => {
    f = new Fixture();
    f.customer('A');
    f.order('A', at, '7.00');
    f.evaluate(AS_OF);
    return f.db.prepare('SELECT window_fen, annual_fen, cumulative_fen FROM customer_metrics WHERE cust = ?').get(f.key('A')) as {
      window_fen: number;
      annual_fen: number;
      cumulative_fen: number;
    };
  };

  it('the rolling window starts at 2026-05-24 00:00 +08:00', () => {
    expect(windowSpend('2026-05-24 00:00:00').window_fen).toBe(700);
    expect(windowSpend('2026-05-23 23:59:59').window_fen).toBe(0);
    expect(windowSpend('2026-05-23T16:00:00Z').window_fen).toBe(700);
    expect(windowSpend('2026-05-23T15:59:59Z').window_fen).toBe(0);
    expect(windowSpend('2026-05-24T00:00:00+0800').window_fen).toBe(700);
  });

  it('as-of covers up to 00:00 of the next day, exclusive; later orders do not exist', () => {
    expect(windowSpend('2026-11-23 23:59:59').cumulative_fen).toBe(700);
    expect(windowSpend('2026-11-23T15:59:59Z').cumulative_fen).toBe(700);
    expect(windowSpend('2026-11-24 00:00:00').cumulative_fen).toBe(0);
    expect(windowSpend('2026-11-23T16:00:00Z').cumulative_fen).toBe(0);
  });

  it('the annual window starts at 2025-11-24 00:00 +08:00', () => {
    expect(windowSpend('2025-11-24 00:00:00').annual_fen).toBe(700);
    expect(windowSpend('2025-11-23 23:59:59').annual_fen).toBe(0);
  });

  it('as-of 08-31 clamps: the window starts 03-01', () => {
    f = new Fixture('2026-08-31');
    f.customer('A');
    f.customer('B');
    f.order('A', '2026-03-01 00:00:00', '3.00');
    f.order('B', '2026-02-28 23:59:59', '3.00');
    f.evaluate('2026-08-31');
    const w = (id: string) =>
      (f.db.prepare('SELECT window_fen FROM customer_metrics WHERE cust = ?').get(f.key(id)) as { window_fen: number }).window_fen;
    expect(w('A')).toBe(300);
    expect(w('B')).toBe(0);
  });

  it('refunded orders count for nothing', () => {
    f = new Fixture();
    f.customer('A');
    f.order('A', '2026-07-01', '600.00', 'refunded');
    f.order('A', '2026-07-01', '100.00');
    f.evaluate(AS_OF);
    const m = f.db.prepare('SELECT cumulative_fen, paid_orders FROM customer_metrics WHERE cust = ?').get(f.key('A'));
    expect(m).toEqual({ cumulative_fen: 10000, paid_orders: 1 });
    expect(f.tier('A').computed).toBe('regular');
  });
});

describe('referral rules', () => {
  const refs = (id: string) =>
    (f.db.prepare('SELECT active_referrals FROM customer_metrics WHERE cust = ?').get(f.key(id)) as { active_referrals: number })
      .active_referrals;
  const active = (id: string, o: { realname?: boolean; paid?: boolean; when?: string } = {}) => {
    f.customer(id, { realname: o.realname ?? true });
    if (o.paid !== false) f.order(id, o.when ?? '2026-10-01', '1.00');
  };

  it('self-referrals are dropped; a referred customer counts once, for the earliest referral', () => {
    f = new Fixture();
    active('A');
    active('B');
    active('X');
    active('Y');
    f.referral('A', 'A', '2025-01-01');
    f.referral('A', 'X', '2025-02-01');
    f.referral('B', 'X', '2025-03-01'); // later: X counts for A only
    f.referral('B', 'Y', '2025-03-01');
    f.evaluate(AS_OF);
    expect(refs('A')).toBe(1);
    expect(refs('B')).toBe(1);
  });

  it('a tie at the same instant goes to the smaller referrer id as a string', () => {
    f = new Fixture();
    active('R10');
    active('R9');
    active('X');
    f.referral('R9', 'X', '2025-01-01 08:00:00');
    f.referral('R10', 'X', '2025-01-01 08:00:00');
    f.evaluate(AS_OF);
    expect(refs('R10')).toBe(1); // "R10" < "R9"
    expect(refs('R9')).toBe(0);
  });

  it('a self-referral older than a real one does not take the referral away', () => {
    f = new Fixture();
    active('A');
    active('X');
    f.referral('X', 'X', '2024-01-01');
    f.referral('A', 'X', '2025-01-01');
    f.evaluate(AS_OF);
    expect(refs('A')).toBe(1);
  });

  it('the referred must be verified and have a paid order in the window; referrals after as-of do not exist', () => {
    f = new Fixture();
    active('A');
    active('U', { realname: false });
    active('Old', { when: '2026-01-01' });
    active('Late');
    active('Ok');
    f.referral('A', 'U', '2025-01-01');
    f.referral('A', 'Old', '2025-01-01');
    f.referral('A', 'Late', '2026-11-24 00:00:00');
    f.referral('A', 'Ok', '2023-01-01'); // older than the window: fine
    f.evaluate(AS_OF);
    expect(refs('A')).toBe(1);
  });
});
