import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { Fixture, tempDir } from '../helpers/fixture';
import { SEED_001_PRESET, SEED_POLICY, type Policy } from '@shared/policy';
import { TIERS } from '@shared/tiers';

let f: Fixture;
let dir: string;
afterEach(() => f?.close());

function writePolicy(name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return file;
}

const silverAt = (value: number): Policy => ({
  ...SEED_POLICY,
  name: `silver ${value}`,
  tiers: SEED_POLICY.tiers.map((t) =>
    t.id !== 'silver' ? t : { ...t, rules: [{ all: [{ metric: 'cumulativeSpend', op: '>=', value }] }, ...t.rules.slice(1)] },
  ),
});

const COST_KEYS = ['discount', 'rebate', 'points', 'feeRevenue', 'net'];

beforeEach(() => {
  dir = tempDir('tierdesk-sim-');
  // The CLI clock is 2026-11-23 10:00 +08:00: "today" is 2026-11-23.
  f = new Fixture('2026-11-23');
  for (let i = 0; i < 40; i++) {
    const id = `C${String(i).padStart(2, '0')}`;
    f.customer(id, { realname: i % 9 !== 0, phone: i % 4 !== 0, kind: i % 13 === 0 ? 'enterprise' : 'individual' });
    f.order(id, '2026-08-15 12:00:00', `${125 * i}.25`);
    if (i % 5 === 0) f.orders(id, 20, '2026-10-01', '3.00');
  }
  f.evaluate('2026-11-23');
  f.close();
});

describe('tierdesk simulate', () => {
  it('--json prints exactly the documented shape: 6 tiers, 36 matrix cells, money rounded to the fen', async () => {
    const r = await cli(['simulate', '--db', f.file, '--policy', writePolicy('d.json', silverAt(1200)), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(
      ['asOf', 'baseline', 'downgrades', 'matrix', 'protectedDowngrades', 'protectedUntil', 'scenario', 'upgrades'].sort(),
    );
    expect(out.asOf).toBe('2026-11-23');
    expect(Object.keys(out.baseline).sort()).toEqual(['cost', 'counts', 'gmv', 'policyVersion']);
    expect(Object.keys(out.scenario).sort()).toEqual(['cost', 'counts', 'gmv']);
    expect(out.baseline.policyVersion).toBe(1);
    for (const side of [out.baseline, out.scenario]) {
      expect(Object.keys(side.counts)).toEqual([...TIERS]);
      expect(Object.keys(side.gmv)).toEqual([...TIERS, 'total']);
      expect(TIERS.reduce((a, t) => a + side.counts[t], 0)).toBe(40);
      expect(Object.keys(side.cost.byTier)).toEqual([...TIERS]);
      for (const t of TIERS) expect(Object.keys(side.cost.byTier[t])).toEqual(COST_KEYS);
      expect(side.cost.byTier.none).toEqual({ discount: 0, rebate: 0, points: 0, feeRevenue: 0, net: 0 });
      expect(Object.keys(side.cost.total)).toEqual(COST_KEYS);
      for (const v of [...Object.values(side.gmv), ...Object.values(side.cost.total)] as number[])
        expect(Math.round(v * 100) / 100).toBe(v);
      const t = side.cost.total;
      expect(t.net).toBeCloseTo(t.feeRevenue - t.discount - t.rebate - t.points, 2);
    }
    expect(Object.keys(out.matrix)).toEqual([...TIERS]);
    for (const from of TIERS) {
      expect(Object.keys(out.matrix[from])).toEqual([...TIERS]);
      expect(TIERS.reduce((a, to) => a + out.matrix[from][to], 0)).toBe(out.baseline.counts[from]);
    }
    for (const to of TIERS) expect(TIERS.reduce((a, from) => a + out.matrix[from][to], 0)).toBe(out.scenario.counts[to]);
    expect(out.downgrades).toBeGreaterThan(0);
    expect(out.upgrades).toBe(0);
    // The base was evaluated with the seed policy today: every downgrade holds its assigned tier.
    expect(out.protectedDowngrades).toBe(out.downgrades);
    expect(out.protectedUntil).toBe('2027-02-21');
  });

  it('the same policy as the active one moves nobody; the as-of date defaults to today', async () => {
    const r = await cli(['simulate', '--db', f.file, '--policy', writePolicy('same.json', SEED_POLICY), '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.scenario).toEqual({ counts: out.baseline.counts, gmv: out.baseline.gmv, cost: out.baseline.cost });
    expect([out.upgrades, out.downgrades, out.protectedDowngrades]).toEqual([0, 0, 0]);
    const dated = await cli([
      'simulate',
      '--db',
      f.file,
      '--policy',
      writePolicy('same.json', SEED_POLICY),
      '--as-of',
      '2026-11-23',
      '--json',
    ]);
    expect(dated.stdout).toBe(r.stdout);
  });

  it('prints a readable table without --json', async () => {
    const r = await cli(['simulate', '--db', f.file, '--policy', writePolicy('p.json', SEED_001_PRESET), '--as-of', '2026-11-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Simulation as of 2026-11-01, 40 customers: active policy v1');
    expect(r.stdout).toMatch(/^tier\s+active\s+share\s+draft/m);
    expect(r.stdout).toContain('Migration (rows: active tier, columns: draft tier)');
    expect(r.stdout).toMatch(/^net\b|feeRevenue/m);
    for (const t of TIERS) expect(r.stdout).toMatch(new RegExp(`^${t}\\s`, 'm'));
  });

  it('a bad policy file exits 1 naming the file and each problem by path', async () => {
    const bad = structuredClone(SEED_POLICY) as unknown as { tiers: { rules: { all: { metric: string }[] }[] }[] };
    bad.tiers[2]!.rules[0]!.all[0]!.metric = 'spend';
    const file = writePolicy('bad.json', bad);
    const r = await cli(['simulate', '--db', f.file, '--policy', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: tiers[2].rules[0].all[0].metric: unknown metric "spend"`);
    expect(r.stdout).toBe('');
    const notJson = await cli(['simulate', '--db', f.file, '--policy', writePolicy('x.json', '{ nope')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/x\.json: not valid JSON/);
    const missing = await cli(['simulate', '--db', f.file, '--policy', path.join(dir, 'missing.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.json');
  });

  it('usage errors exit 2: a malformed date, a missing option, an unknown option', async () => {
    const p = writePolicy('p.json', SEED_POLICY);
    expect((await cli(['simulate', '--db', f.file, '--policy', p, '--as-of', '2026-13-01'])).code).toBe(2);
    expect((await cli(['simulate', '--db', f.file])).code).toBe(2);
    expect((await cli(['simulate', '--db', f.file, '--policy', p, '--frobnicate'])).code).toBe(2);
  });
});

describe('tierdesk sweep', () => {
  const args = (p: string, extra: string[] = []) => [
    'sweep',
    '--db',
    f.file,
    '--policy',
    p,
    '--tier',
    'silver',
    '--rule',
    '0',
    '--condition',
    '0',
    '--from',
    '0',
    '--to',
    '1000',
    '--steps',
    '4',
    ...extra,
  ];

  it('--json prints the points, evenly spaced and rounded to the fen, with the counts a simulation gives', async () => {
    const p = writePolicy('p.json', SEED_POLICY);
    const r = await cli(args(p, ['--json', '--as-of', '2026-11-23']));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['points']);
    expect(out.points.map((x: { value: number }) => x.value)).toEqual([0, 333.33, 666.67, 1000]);
    for (const point of out.points) {
      expect(Object.keys(point)).toEqual(['value', 'counts']);
      expect(Object.keys(point.counts)).toEqual([...TIERS]);
      const sim = await cli([
        'simulate',
        '--db',
        f.file,
        '--policy',
        writePolicy('v.json', silverAt(point.value)),
        '--as-of',
        '2026-11-23',
        '--json',
      ]);
      expect(point.counts).toEqual(JSON.parse(sim.stdout).scenario.counts);
    }
    const text = await cli(args(p));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^333\.33\s/m);
  });

  it('bad tier, indexes, steps and numbers exit 2; a bad policy file exits 1', async () => {
    const p = writePolicy('p.json', SEED_POLICY);
    const run = (over: Record<string, string>) => {
      const a = args(p);
      for (const [k, v] of Object.entries(over)) a[a.indexOf(`--${k}`) + 1] = v;
      return cli(a);
    };
    const overs: Record<string, string>[] = [
      { tier: 'platinum' },
      { tier: 'none' },
      { rule: '2' },
      { rule: '-1' },
      { condition: '1' },
      { condition: 'x' },
      { steps: '1' },
      { steps: '0' },
      { steps: '2.5' },
      { from: 'abc' },
      { to: '1,000' },
    ];
    for (const over of overs) {
      const r = await run(over);
      expect([JSON.stringify(over), r.code]).toEqual([JSON.stringify(over), 2]);
      expect(r.stderr).toMatch(/^tierdesk: /);
    }
    const range = await run({ rule: '2' });
    expect(range.stderr).toContain('silver has 2 rule(s)');
    expect((await cli([...args(p), '--as-of', '2026-02-30'])).code).toBe(2);
    const bad = await cli(args(writePolicy('bad.json', { ...SEED_POLICY, windowMonths: 0 })));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.json: windowMonths:');
  });
});
