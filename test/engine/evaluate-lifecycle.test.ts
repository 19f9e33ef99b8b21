import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture, tempDir } from '../helpers/fixture';
import { openDb } from '../../src/engine/db';
import { approveReview, rejectReview, listOpenReviews } from '../../src/engine/reviews';
import { clearOverride, setOverride } from '../../src/engine/overrides';
import { publishPolicy } from '../../src/engine/policies';
import { SEED_POLICY } from '@shared/policy';

let f: Fixture;
afterEach(() => f?.close());
const ops = () => ({ actor: 'ops-li', now: f.now });

describe('protection period (级别保护期)', () => {
  it('keeps the tier through the last protected day and drops the day after', () => {
    f = new Fixture();
    f.customer('A');
    f.orders('A', 18, '2026-06-01 12:00:00'); // 18 orders in the window: silver by monthly orders
    f.evaluate('2026-11-23');
    expect(f.tier('A')).toMatchObject({ tier: 'silver', protectedUntil: null });
    // As of 12-02 the window starts 06-03: 16 orders left, regular by the rules.
    f.evaluate('2026-12-02');
    expect(f.tier('A')).toMatchObject({ tier: 'silver', computed: 'regular', protectedUntil: '2027-03-02' });
    f.evaluate('2027-01-15');
    expect(f.tier('A').protectedUntil).toBe('2027-03-02');
    f.evaluate('2027-03-02');
    expect(f.tier('A')).toMatchObject({ tier: 'silver', protectedUntil: '2027-03-02' });
    const s = f.evaluate('2027-03-03');
    expect(f.tier('A')).toMatchObject({ tier: 'regular', protectedUntil: null, since: '2027-03-03' });
    expect(s.downgrades).toBe(1);
    expect(f.history('A').map((h) => [h.from_tier, h.to_tier, h.on_date, h.cause])).toEqual([
      ['none', 'silver', '2026-11-23', 'evaluation'],
      ['silver', 'regular', '2027-03-03', 'protection_expiry'],
    ]);
  });

  it('requalifying clears the protection', () => {
    f = new Fixture();
    f.customer('A');
    f.orders('A', 18, '2026-06-01 12:00:00');
    f.evaluate('2026-11-23');
    f.evaluate('2026-12-02');
    expect(f.tier('A').protectedUntil).toBe('2027-03-02');
    f.orders('A', 10, '2026-12-01 12:00:00'); // window from 06-11: 8 old + 10 new
    f.evaluate('2026-12-10');
    expect(f.tier('A')).toMatchObject({ tier: 'silver', computed: 'silver', protectedUntil: null });
  });

  it('a raised threshold drops nobody on the day it applies', () => {
    f = new Fixture();
    f.customer('A');
    f.order('A', '2025-01-01', '600.00');
    f.evaluate('2026-11-23');
    expect(f.tier('A').tier).toBe('silver');
    const doc = structuredClone(SEED_POLICY);
    doc.tiers[1]!.rules = [{ all: [{ metric: 'cumulativeSpend', op: '>=', value: 800 }] }];
    publishPolicy(f.db, doc, { actor: 'mgr', now: f.now });
    expect(f.tier('A').tier).toBe('silver'); // publishing moves nobody
    f.evaluate('2026-11-24');
    expect(f.tier('A')).toMatchObject({ tier: 'silver', computed: 'regular', protectedUntil: '2027-02-22' });
  });
});

describe('review gate (人工审核)', () => {
  function supremeCandidate() {
    f = new Fixture();
    f.customer('A');
    f.order('A', '2026-06-01 12:00:00', '20000.01');
    f.evaluate('2026-11-23');
  }

  it('opens a review, assigns the best tier that needs none meanwhile, and does not open it twice', () => {
    supremeCandidate();
    expect(f.tier('A')).toMatchObject({ tier: 'diamond', computed: 'supreme', pending: 'supreme' });
    f.evaluate('2026-11-24');
    expect(listOpenReviews(f.db)).toHaveLength(1);
    expect(listOpenReviews(f.db)[0]).toMatchObject({
      customerId: 'A',
      currentTier: 'diamond',
      pendingTier: 'supreme',
      openedOn: '2026-11-23',
    });
  });

  it('nobody moves down while a review is pending', () => {
    supremeCandidate();
    // As of 12-05 the window starts 06-06: monthly spend 0, diamond's rules fail; gold still holds.
    f.evaluate('2026-12-05');
    expect(f.tier('A')).toMatchObject({ tier: 'diamond', computed: 'supreme', pending: 'supreme', protectedUntil: null });
  });

  it('approval assigns the pending tier at once, dated today', () => {
    supremeCandidate();
    f.setToday('2026-11-25');
    approveReview(f.db, 'A', 'strategic partner', ops());
    expect(f.tier('A')).toMatchObject({ tier: 'supreme', pending: null, since: '2026-11-25' });
    expect(f.history('A').at(-1)).toMatchObject({
      from_tier: 'diamond',
      to_tier: 'supreme',
      on_date: '2026-11-25',
      cause: 'review',
      actor: 'ops-li',
      reason: 'strategic partner',
    });
    f.evaluate('2026-11-26');
    expect(f.tier('A')).toMatchObject({ tier: 'supreme', pending: null });
    expect(listOpenReviews(f.db)).toHaveLength(0);
  });

  it('rejection keeps the tier and no review opens until the cooldown has passed', () => {
    supremeCandidate();
    rejectReview(f.db, 'A', 'not a strategic client yet', ops()); // today 2026-11-23 → cooldown through 2027-02-21
    expect(f.tier('A')).toMatchObject({ tier: 'diamond', pending: null });
    f.evaluate('2026-12-01');
    expect(f.tier('A').pending).toBeNull();
    f.evaluate('2027-02-21');
    expect(listOpenReviews(f.db)).toHaveLength(0);
    f.evaluate('2027-02-22');
    expect(listOpenReviews(f.db)).toHaveLength(1);
    expect(f.tier('A').pending).toBe('supreme');
  });

  it('an open review lapses when the customer no longer qualifies (no cooldown)', () => {
    supremeCandidate();
    f.order('A', '2026-11-24 09:00:00', '100.00');
    f.db.prepare("UPDATE orders SET status = 'refunded' WHERE amount_fen = 2000001").run();
    f.evaluate('2026-11-24');
    expect(f.tier('A')).toMatchObject({ tier: 'diamond', computed: 'regular', pending: null, protectedUntil: '2027-02-22' });
    const r = f.db.prepare('SELECT status FROM reviews').all();
    expect(r).toEqual([{ status: 'lapsed' }]);
  });
});

describe('overrides', () => {
  it('pin the tier from the moment they are set, record the computed tier only, and end without protection', () => {
    f = new Fixture();
    f.customer('A');
    f.order('A', '2025-01-01', '2500.00');
    f.evaluate('2026-11-23');
    expect(f.tier('A').tier).toBe('gold');
    setOverride(f.db, 'A', 'supreme', 'board decision', '2026-11-30', ops());
    expect(f.tier('A')).toMatchObject({ tier: 'supreme', pending: null });
    expect(f.history('A').at(-1)).toMatchObject({
      from_tier: 'gold',
      to_tier: 'supreme',
      cause: 'override',
      actor: 'ops-li',
      reason: 'board decision',
    });
    f.evaluate('2026-11-30'); // last day, inclusive
    expect(f.tier('A')).toMatchObject({ tier: 'supreme', computed: 'gold', protectedUntil: null, pending: null });
    expect(listOpenReviews(f.db)).toHaveLength(0);
    f.evaluate('2026-12-01');
    expect(f.tier('A')).toMatchObject({ tier: 'gold', computed: 'gold', protectedUntil: null });
    expect(f.history('A').at(-1)).toMatchObject({ from_tier: 'supreme', to_tier: 'gold', on_date: '2026-12-01', cause: 'evaluation' });
  });

  it('without an end date it holds until cleared; the next evaluation assigns the target directly', () => {
    f = new Fixture();
    f.customer('A');
    f.order('A', '2025-01-01', '2500.00');
    setOverride(f.db, 'A', 'none', 'fraud investigation', null, ops());
    f.evaluate('2026-11-23');
    f.evaluate('2027-06-01');
    expect(f.tier('A')).toMatchObject({ tier: 'none', computed: 'gold' });
    clearOverride(f.db, 'A', 'investigation closed', ops());
    expect(f.tier('A').tier).toBe('none');
    f.evaluate('2027-06-02');
    expect(f.tier('A')).toMatchObject({ tier: 'gold', protectedUntil: null });
  });

  it('a downward override ends with a direct drop, no protection period', () => {
    f = new Fixture();
    f.customer('A');
    f.order('A', '2025-01-01', '600.00');
    setOverride(f.db, 'A', 'diamond', 'vip', '2026-11-25', ops());
    f.evaluate('2026-11-23');
    f.evaluate('2026-11-26');
    expect(f.tier('A')).toMatchObject({ tier: 'silver', protectedUntil: null });
  });

  it('needs a reason', () => {
    f = new Fixture();
    f.customer('A');
    expect(() => setOverride(f.db, 'A', 'gold', '  ', null, ops())).toThrow(/reason/);
  });
});

describe('evaluation runs', () => {
  it('as-of dates never go backwards; a future date warns', () => {
    f = new Fixture();
    f.customer('A');
    f.evaluate('2026-11-20');
    expect(() => f.evaluate('2026-11-19')).toThrow(/never go backwards/);
    expect(f.evaluate('2026-11-20').warnings).toEqual([]);
    expect(f.evaluate('2026-12-01').warnings[0]).toMatch(/after today/);
  });

  it('every run is recorded with counts and GMV per assigned tier', () => {
    f = new Fixture();
    f.customer('A');
    f.customer('B');
    f.order('A', '2026-06-01', '600.00');
    f.evaluate('2026-11-23');
    f.evaluate('2026-11-23');
    const runs = f.db.prepare('SELECT as_of, counts, gmv_fen FROM evaluation_runs').all() as {
      as_of: string;
      counts: string;
      gmv_fen: string;
    }[];
    expect(runs).toHaveLength(2);
    expect(JSON.parse(runs[1]!.counts)).toEqual({ none: 1, regular: 0, silver: 1, gold: 0, diamond: 0, supreme: 0 });
    expect(JSON.parse(runs[1]!.gmv_fen).silver).toBe(60000);
  });
});

describe('database version', () => {
  it('a database from a newer Tierdesk is refused and left untouched', () => {
    const file = path.join(tempDir(), 'future.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE t (x INTEGER)');
    raw.pragma('user_version = 999');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDb(file)).toThrow(/newer Tierdesk/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });
});
