import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { countCustomers, LIST_LIMITS, listCustomers, normalizeFilter } from '../../src/engine/queries/customers';
import { setOverride, clearOverride } from '../../src/engine/overrides';
import { exportCsv } from '../../src/engine/exports/index';
import { TIERS, type Tier } from '@shared/tiers';
import type { CustomerFilter, CustomerListRow, CustomerSort } from '@shared/api/channels/customers';
import { CUSTOMER_SORT_KEYS } from '@shared/api/channels/customers';
import { clock, Fixture } from '../helpers/fixture';

/*
 * The list against an oracle: every customer read into memory and filtered and sorted by the rules
 * the list documents. The plan thresholds are shrunk so a few hundred customers reach every plan
 * (collect and sort, index walk with and without cursors, exact and lower-bound totals).
 */

const DEFAULT_LIMITS = { ...LIST_LIMITS };
const TODAY = '2026-11-23';
const now = clock(`${TODAY} 10:00:00`);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '欧阳', '司马'];
const GIVEN = ['明', '伟', '芳', '秀英', '磊', '静', '小明'];
/** Ids that sort differently as UTF-16 and as code points, ids with spaces and mixed case, and plain ones. */
const ODD_IDS = [
  'VIP 001',
  'vip 002',
  ' lead space',
  'trail space ',
  'a  b',
  '\u{1F600}smile',
  '\uFF01bang',
  'Ü-umlaut',
  '客户 甲',
  'C%_x',
  'c%_X',
];

interface Truth {
  id: number;
  customerId: string;
  name: string;
  kind: 'individual' | 'enterprise';
  realname: boolean;
  phone: boolean;
  a: { tier: Tier; computed: Tier; pending: Tier | null; protectedUntil: string | null; overrideHolds: boolean } | null;
  m: { cumulative: number; window: number; annual: number } | null;
}

/** A base where some customers were never evaluated, some have an assignment without metrics (an override). */
function build(f: Fixture, seed: number, n: number, complete: boolean): void {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const ids = [
    ...ODD_IDS,
    ...Array.from({ length: n - ODD_IDS.length }, (_, i) => `C${String(Math.floor(r() * 1e6)).padStart(6, '0')}-${i}`),
  ];
  // Rowid order differs from id order: the tie-break is the internal key, the id sort is text.
  ids.sort(() => r() - 0.5);
  const db = f.db;
  const assign = db.prepare(
    'INSERT INTO assignments (cust, tier, computed_tier, pending_tier, protected_until, since) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const metrics = db.prepare(
    'INSERT INTO customer_metrics (cust, cumulative_fen, paid_orders, window_fen, window_orders, annual_fen, active_referrals, contribution_points) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const id of ids) {
      const k = f.customer(id, {
        name: `${pick(SURNAMES)}${pick(GIVEN)}`,
        kind: r() < 0.2 ? 'enterprise' : 'individual',
        realname: r() < 0.8,
        phone: r() < 0.7,
      });
      if (!complete && r() < 0.15) continue;
      const tier = pick(TIERS);
      const computed = r() < 0.7 ? tier : pick(TIERS);
      const pending = r() < 0.1 ? 'supreme' : null;
      const prot = r() < 0.1 ? '2027-01-15' : null;
      assign.run(k, tier, computed, pending, prot, '2026-10-01');
      // A few spends repeat so ties need the tie-break.
      const cum = r() < 0.2 ? 50_000 : Math.floor(r() * 3_000_000);
      metrics.run(
        k,
        cum,
        Math.floor(r() * 50),
        Math.floor(cum * r()),
        Math.floor(r() * 20),
        r() < 0.2 ? 0 : Math.floor(cum * r()),
        Math.floor(r() * 6),
        0,
      );
    }
  })();
}

function overridesFor(f: Fixture, ids: string[]): void {
  const opts = { actor: 'tester', now };
  setOverride(f.db, ids[0]!, 'gold', '大客户', null, opts);
  setOverride(f.db, ids[1]!, 'none', '违规', '2026-12-31', opts);
  setOverride(f.db, ids[2]!, 'diamond', '试用', '2026-12-01', opts);
  clearOverride(f.db, ids[2]!, '试用结束', opts);
}

function truth(db: DB): Truth[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.customer_id, c.name, c.kind, c.realname_verified, c.phone_verified, a.cust AS acust, a.tier, a.computed_tier, a.pending_tier, a.protected_until,
              o.cleared_on, o.until, a.override_id, m.cust AS mcust, m.cumulative_fen, m.window_fen, m.annual_fen
         FROM customers c LEFT JOIN assignments a ON a.cust = c.id LEFT JOIN customer_metrics m ON m.cust = c.id LEFT JOIN overrides o ON o.id = a.override_id`,
    )
    .all() as Record<string, unknown>[];
  return rows.map((x) => ({
    id: x.id as number,
    customerId: x.customer_id as string,
    name: x.name as string,
    kind: x.kind as Truth['kind'],
    realname: x.realname_verified === 1,
    phone: x.phone_verified === 1,
    a:
      x.acust === null
        ? null
        : {
            tier: x.tier as Tier,
            computed: x.computed_tier as Tier,
            pending: x.pending_tier as Tier | null,
            protectedUntil: x.protected_until as string | null,
            overrideHolds: x.override_id !== null && x.cleared_on === null && (x.until === null || (x.until as string) >= TODAY),
          },
    m: x.mcust === null ? null : { cumulative: x.cumulative_fen as number, window: x.window_fen as number, annual: x.annual_fen as number },
  }));
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const inRange = (v: number | undefined, r: { min?: number; max?: number } | undefined) =>
  !r || (v !== undefined && (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max));

function matches(t: Truth, f: CustomerFilter): boolean {
  const tier = t.a?.tier ?? 'none';
  if (f.search) {
    const s = asciiLower(f.search.trim());
    if (s && !asciiLower(t.customerId).includes(s) && !asciiLower(t.name).includes(s)) return false;
  }
  if (f.tier !== undefined && !(Array.isArray(f.tier) ? f.tier : [f.tier]).includes(tier)) return false;
  if (f.mismatch !== undefined && f.mismatch !== (t.a !== null && t.a.tier !== t.a.computed)) return false;
  if (f.pending !== undefined && f.pending !== (t.a?.pending != null)) return false;
  if (f.protected !== undefined && f.protected !== (t.a?.protectedUntil != null)) return false;
  if (f.overridden !== undefined && f.overridden !== (t.a?.overrideHolds ?? false)) return false;
  if (f.kind !== undefined && f.kind !== t.kind) return false;
  if (f.realnameVerified !== undefined && f.realnameVerified !== t.realname) return false;
  if (f.phoneVerified !== undefined && f.phoneVerified !== t.phone) return false;
  if (f.cumulativeFen && !inRange(t.m?.cumulative, f.cumulativeFen)) return false;
  if (f.windowFen && !inRange(t.m?.window, f.windowFen)) return false;
  if (f.annualFen && !inRange(t.m?.annual, f.annualFen)) return false;
  return true;
}

/** Code point order (SQLite's BINARY order of UTF-8), written independently of the engine. */
function codePoints(s: string): number[] {
  return Array.from(s, (ch) => ch.codePointAt(0)!);
}
function byCodePoints(x: string, y: string): number {
  const a = codePoints(x);
  const b = codePoints(y);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function oracle(all: Truth[], f: CustomerFilter, sort: CustomerSort): string[] {
  const rank = (t: Truth) => TIERS.indexOf(t.a?.tier ?? 'none');
  const metric = (t: Truth) => (sort.key === 'cumulativeSpend' ? t.m?.cumulative : sort.key === 'windowSpend' ? t.m?.window : t.m?.annual);
  const cmp = (x: Truth, y: Truth): number => {
    if (sort.key === 'customerId') return byCodePoints(x.customerId, y.customerId);
    if (sort.key === 'tier') return Number(x.a !== null) - Number(y.a !== null) || rank(x) - rank(y) || x.id - y.id;
    return Number(x.m !== null) - Number(y.m !== null) || (metric(x) ?? 0) - (metric(y) ?? 0) || x.id - y.id;
  };
  const sign = sort.dir === 'asc' ? 1 : -1;
  return all
    .filter((t) => matches(t, f))
    .sort((x, y) => sign * cmp(x, y))
    .map((t) => t.customerId);
}

function randomFilter(r: () => number, all: Truth[]): CustomerFilter {
  const f: CustomerFilter = {};
  const maybe = (p: number) => r() < p;
  const bool = () => r() < 0.5;
  if (maybe(0.25)) f.search = [' 王', '明', 'vip', 'C0', '%', '_x', 'SPACE', ' ', '客户 甲', 'zzz'][Math.floor(r() * 10)]!;
  if (maybe(0.35)) f.tier = r() < 0.3 ? TIERS[Math.floor(r() * 6)]! : TIERS.filter(() => r() < 0.4);
  if (maybe(0.15)) f.mismatch = bool();
  if (maybe(0.15)) f.pending = bool();
  if (maybe(0.15)) f.protected = bool();
  if (maybe(0.15)) f.overridden = bool();
  if (maybe(0.2)) f.kind = bool() ? 'individual' : 'enterprise';
  if (maybe(0.15)) f.realnameVerified = bool();
  if (maybe(0.15)) f.phoneVerified = bool();
  const someSpend = () => all[Math.floor(r() * all.length)]!.m?.cumulative ?? 0;
  if (maybe(0.2))
    f.cumulativeFen =
      r() < 0.4
        ? { min: someSpend() }
        : r() < 0.5
          ? { max: someSpend() }
          : { min: Math.min(someSpend(), 50_000), max: Math.max(someSpend(), 50_000) };
  if (maybe(0.1)) f.windowFen = { min: Math.floor(someSpend() / 3) };
  if (maybe(0.1)) f.annualFen = { max: Math.floor(someSpend() / 2) };
  return f;
}

function shrink(limits: Partial<typeof LIST_LIMITS>): void {
  Object.assign(LIST_LIMITS, limits);
}

/** Pages through the whole list the way the console scrolls, checking each page and the totals. */
function checkList(db: DB, all: Truth[], filter: CustomerFilter, sort: CustomerSort, pageSize: number): void {
  const want = oracle(all, filter, sort);
  const label = JSON.stringify({ filter, sort, pageSize });
  const got: string[] = [];
  for (let offset = 0; offset < want.length + pageSize; offset += pageSize) {
    const page = listCustomers(db, { filter, sort, offset, limit: pageSize }, now);
    expect(page.all, label).toBe(all.length);
    if (page.exact) expect(page.total, label).toBe(want.length);
    else expect(page.total, label).toBeLessThanOrEqual(want.length);
    got.push(...page.rows.map((r) => r.customerId));
    if (page.rows.length < pageSize) break;
  }
  expect(got, label).toEqual(want);
  expect(countCustomers(db, filter, now), label).toBe(want.length);
}

afterEach(() => shrink(DEFAULT_LIMITS));

describe.each([
  ['after an evaluation (every customer has its rows)', true],
  ['with customers never evaluated', false],
])('customer list %s', (_name, complete) => {
  let f: Fixture;
  let all: Truth[];
  beforeAll(() => {
    f = new Fixture(TODAY);
    build(f, complete ? 11 : 12, 400, complete);
    overridesFor(f, ['VIP 001', 'C%_x', '\u{1F600}smile']);
    all = truth(f.db);
  });

  it('pages through every sort with the production limits', () => {
    for (const key of CUSTOMER_SORT_KEYS) for (const dir of ['asc', 'desc'] as const) checkList(f.db, all, {}, { key, dir }, 37);
  });

  it('walks the sort index page by page and after jumps when the filter matches more than the collect cap', () => {
    shrink({ collectCap: 5, knownCollectMax: 8, sizeCap: 10, metricDriverRows: 4, inlineCountRows: 50 });
    const filters: CustomerFilter[] = [
      {},
      { kind: 'individual' },
      { search: 'c' },
      { tier: ['regular', 'none', 'gold'] },
      { cumulativeFen: { min: 50_000 } },
      { phoneVerified: true, realnameVerified: true },
    ];
    for (const filter of filters)
      for (const key of CUSTOMER_SORT_KEYS) for (const dir of ['asc', 'desc'] as const) checkList(f.db, all, filter, { key, dir }, 13);
    // A jump (no cursor for that offset) and then scrolling on from there.
    const sort: CustomerSort = { key: 'cumulativeSpend', dir: 'desc' };
    const want = oracle(all, { kind: 'individual' }, sort);
    const jump = listCustomers(f.db, { filter: { kind: 'individual' }, sort, offset: 101, limit: 20 }, now);
    expect(jump.rows.map((r) => r.customerId)).toEqual(want.slice(101, 121));
    const on = listCustomers(f.db, { filter: { kind: 'individual' }, sort, offset: 121, limit: 20 }, now);
    expect(on.rows.map((r) => r.customerId)).toEqual(want.slice(121, 141));
  });

  it('agrees with the oracle on random filters, sorts and page sizes, at both limits', () => {
    const r = rng(complete ? 5 : 6);
    for (let i = 0; i < 120; i++) {
      if (i === 60) shrink({ collectCap: 7, knownCollectMax: 12, sizeCap: 15, metricDriverRows: 6, inlineCountRows: 30 });
      const filter = randomFilter(r, all);
      const sort: CustomerSort = { key: CUSTOMER_SORT_KEYS[Math.floor(r() * CUSTOMER_SORT_KEYS.length)]!, dir: r() < 0.5 ? 'asc' : 'desc' };
      checkList(f.db, all, filter, sort, 1 + Math.floor(r() * 60));
    }
  });

  it('shows tiers, metrics and the override that holds today (who, until when)', () => {
    const rows = listCustomers(f.db, { filter: { search: 'VIP 001' }, limit: 5 }, now).rows;
    expect(rows.map((r) => r.customerId)).toEqual(['VIP 001']);
    expect(rows[0]!.tier).toBe('gold');
    expect(rows[0]!.override).toEqual({ tier: 'gold', actor: 'tester', setOn: TODAY, until: null, reason: '大客户' });
    const cleared = listCustomers(f.db, { filter: { search: '\u{1F600}' } }, now).rows[0]!;
    expect(cleared.override).toBeNull();
    const byOverride = listCustomers(f.db, { filter: { overridden: true }, limit: 10 }, now).rows.map((r: CustomerListRow) => r.customerId);
    expect(byOverride.sort()).toEqual(['C%_x', 'VIP 001']);
  });

  it('exports exactly the customers the list shows, ordered by id', () => {
    const filter: CustomerFilter = { tier: ['regular', 'silver', 'none'], phoneVerified: true, cumulativeFen: { max: 1_500_000 } };
    const csv = [...exportCsv(f.db, { kind: 'customers', filter }, 'en')].join('');
    const exported = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .slice(1, -1)
      .map((line) => (line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.slice(0, line.indexOf(','))));
    expect(exported).toEqual(oracle(all, filter, { key: 'customerId', dir: 'asc' }));
  });
});

describe('customer list answers', () => {
  let f: Fixture;
  beforeAll(() => {
    f = new Fixture(TODAY);
    build(f, 3, 60, true);
  });

  it('sees a change made since the last page', () => {
    const before = listCustomers(f.db, { filter: { tier: 'supreme' } }, now).total;
    const id = listCustomers(f.db, { filter: { tier: 'regular' }, limit: 1 }, now).rows[0]!.customerId;
    setOverride(f.db, id, 'supreme', '特批', null, { actor: 'tester', now });
    expect(listCustomers(f.db, { filter: { tier: 'supreme' } }, now).total).toBe(before + 1);
  });

  it('refuses a bad filter or page with a message naming it', () => {
    expect(() => listCustomers(f.db, { filter: { tier: 'platinum' as Tier } }, now)).toThrow(expect.objectContaining({ code: 'BAD_TIER' }));
    expect(() => listCustomers(f.db, { filter: { cumulativeFen: { min: 10, max: 5 } } }, now)).toThrow(
      /cumulativeFen: the minimum 10 is above the maximum 5/,
    );
    expect(() => listCustomers(f.db, { filter: { windowFen: { min: 1.5 } } }, now)).toThrow(expect.objectContaining({ code: 'BAD_RANGE' }));
    expect(() => listCustomers(f.db, { offset: -1 }, now)).toThrow(expect.objectContaining({ code: 'BAD_PAGE' }));
  });

  it('treats equal filters as one (for its caches)', () => {
    expect(normalizeFilter({ search: '  王 ', tier: ['gold', 'silver', 'gold'], cumulativeFen: {} })).toEqual({
      search: '王',
      tier: ['silver', 'gold'],
    });
  });
});
