import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { Fixture, tempDir } from '../helpers/fixture';
import { METRICS, SEED_001_PRESET, SEED_POLICY } from '@shared/policy';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let f: Fixture;
afterEach(() => f?.close());

function base(): Fixture {
  f = new Fixture();
  for (const id of ['A', 'B', 'C']) {
    f.customer(id);
    f.order(id, '2026-06-01', '25000.00'); // supreme needs review: a pending review each
  }
  f.customer('D');
  f.order('D', '2026-06-01', '600.00');
  f.close();
  return f;
}

const write = (name: string, doc: unknown): string => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
};

describe('a typo in a policy metric', () => {
  it('names the closest metric and the valid ones, for simulate, sweep and publish', async () => {
    const { file } = base();
    const doc = structuredClone(SEED_POLICY) as unknown as { tiers: { rules: { all: { metric: string }[] }[] }[] };
    doc.tiers[2]!.rules[0]!.all.push({ metric: 'cumulativSpend', op: '>=', value: 1 } as never);
    const pf = write('typo.json', doc);
    const expected = `${pf}: tiers[2].rules[0].all[1].metric: unknown metric "cumulativSpend" (did you mean cumulativeSpend?); the metrics are ${METRICS.join(', ')}`;
    const sweep = ['--tier', 'gold', '--rule', '0', '--condition', '0', '--from', '1', '--to', '2', '--steps', '2'];
    for (const args of [
      ['simulate', '--db', file, '--policy', pf],
      ['sweep', '--db', file, '--policy', pf, ...sweep],
      ['policy', 'publish', '--db', file, '--file', pf],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toContain(expected);
    }
  });

  it('suggests nothing for a word far from every metric', async () => {
    const { file } = base();
    const doc = structuredClone(SEED_POLICY) as unknown as { tiers: { rules: { all: { metric: string }[] }[] }[] };
    doc.tiers[0]!.rules[0]!.all[0]!.metric = 'banana';
    const r = await cli(['simulate', '--db', file, '--policy', write('far.json', doc)]);
    expect(r.stderr).toContain('tiers[0].rules[0].all[0].metric: unknown metric "banana"; the metrics are cumulativeSpend, paidOrders');
  });
});

describe('a missing file', () => {
  it('says "no such file: <path>" without a stack, for every file option of every command', async () => {
    const { file } = base();
    const missing = path.join(tempDir(), 'nope.json');
    const sweep = ['--tier', 'gold', '--rule', '0', '--condition', '0', '--from', '1', '--to', '2', '--steps', '2'];
    const cases = [
      ['simulate', '--db', file, '--policy', missing],
      ['sweep', '--db', file, '--policy', missing, ...sweep],
      ['policy', 'publish', '--db', file, '--file', missing],
      ['contracts', 'import', '--db', file, '--file', missing],
      ...['customers', 'orders', 'referrals', 'contributions'].map((k) => ['import', '--db', file, `--${k}`, missing]),
    ];
    for (const args of cases) {
      const r = await cli(args);
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
        args,
        code: 1,
        stderr: `tierdesk: no such file: ${missing}\n`,
        stdout: '',
      });
    }
    const out = path.join(tempDir(), 'no-folder', 'tiers.csv');
    const r = await cli(['export', 'tiers', '--db', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tierdesk: no such folder: ${path.dirname(out)} (for ${out})\n`);
  });

  describe('spawned as the real bin', () => {
    beforeAll(() => {
      if (!fs.existsSync(path.join(ROOT, 'out/node/cli.mjs'))) spawnSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT });
    });
    it('prints one line, no Node stack', () => {
      const { file } = base();
      const missing = path.join(tempDir(), 'missing.json');
      for (const args of [
        ['simulate', '--db', file, '--policy', missing],
        ['export', 'tiers', '--db', file, '--out', path.join(missing, 'x', 'y.csv')],
      ]) {
        const r = spawnSync(process.execPath, ['bin/tierdesk.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/^tierdesk: no such (file|folder): [^\n]+\n$/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });
});

describe('unknown options and other parse errors', () => {
  it('are usage errors (exit 2) in the style of the others, pointing to --help', async () => {
    const { file } = base();
    expect(await cli(['evaluate', '--db', file, '--bogus'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tierdesk: unknown option --bogus (tierdesk evaluate --help lists its options)\n',
    });
    expect((await cli(['evaluate', '--db', file, '--as-off', '2026-11-23'])).stderr).toBe(
      'tierdesk: unknown option --as-off (did you mean --as-of?) (tierdesk evaluate --help lists its options)\n',
    );
    expect((await cli(['review', 'approve', '--db', file, '-x'])).stderr).toBe(
      'tierdesk: unknown option -x (tierdesk review approve --help lists its options)\n',
    );
    const positional = await cli(['evaluate', '--db', file, 'now']);
    expect(positional.code).toBe(2);
    expect(positional.stderr).toBe(
      'tierdesk: unexpected argument "now": every value follows its option, as in --db FILE (tierdesk evaluate --help lists its options)\n',
    );
    const noValue = await cli(['evaluate', '--db']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toBe('tierdesk: option --db needs a value (tierdesk evaluate --help lists its options)\n');
    expect((await cli(['evaluate', '--db', file, '--json=yes'])).stderr).toBe(
      'tierdesk: option --json takes no value (tierdesk evaluate --help lists its options)\n',
    );
  });
});

describe('export tiers --out and import say what they did and what is next', () => {
  it('export tiers --out reports on stdout; the file is pure CSV; without --out stdout is pure CSV', async () => {
    const { file } = base();
    const out = path.join(tempDir(), 'tiers.csv');
    const before = await cli(['export', 'tiers', '--db', file, '--out', out]);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(
      `Wrote 4 customers to ${out}; nothing was evaluated yet, so every tier is none. Run "tierdesk evaluate --db ${file}" first, then export again.\n`,
    );
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const r = await cli(['export', 'tiers', '--db', file, '--out', out]);
    expect(r.stdout).toBe(
      `Wrote the tiers of 4 customers to ${out}, as assigned by the evaluation as of 2026-11-23. Run "tierdesk evaluate" and export again for newer tiers.\n`,
    );
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('customer_id,tier,computed_tier,pending_tier,protected_until,since');
    expect((await cli(['export', 'tiers', '--db', file])).stdout).toBe(csv);
  });

  it('import says to evaluate next; --json stays pure JSON', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'new.db');
    const customers = path.join(dir, 'customers.csv');
    fs.writeFileSync(customers, 'customer_id,name,kind,realname_verified,phone_verified,registered_at\nX1,某,individual,1,1,2024-01-01\n');
    const r = await cli(['import', '--db', db, '--customers', customers]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      `Imported into ${db}. Tiers change only when you evaluate: run "tierdesk evaluate --db ${db}" next.`,
    );
    const j = await cli(['import', '--db', db, '--customers', customers, '--json']);
    expect(JSON.parse(j.stdout).ok).toBe(true);
  });
});

describe('review approve / reject', () => {
  it('requires --reason, like the console (usage error, exit 2)', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    for (const verb of ['approve', 'reject']) {
      const r = await cli(['review', verb, '--db', file, '--customer', 'A']);
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'tierdesk: missing required option --reason\n' });
    }
    expect((await cli(['review', 'approve', '--db', file, '--reason', 'r'])).code).toBe(2);
    expect((await cli(['review', 'approve', '--db', file, '--reason', 'r', '--customer', 'A', '--all-pending'])).code).toBe(2);
  });

  it('decides several customers at once; the reject message says when the cooldown ends', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const rej = await cli(['review', 'reject', '--db', file, '--customer', 'A', '--customer', 'B', '--reason', '资料不全']);
    expect(rej).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Rejected: A stays diamond; no review opens for A up to and including 2027-02-21.\n' +
        'Rejected: B stays diamond; no review opens for B up to and including 2027-02-21.\n' +
        'Rejected 2 reviews.\n',
    });
    const list = JSON.parse((await cli(['review', 'list', '--db', file, '--json'])).stdout);
    expect(list.map((r: { customerId: string }) => r.customerId)).toEqual(['C']);
    const all = await cli(['review', 'approve', '--db', file, '--all-pending', '--reason', 'ok']);
    expect(all.stdout).toBe('Approved: C is now supreme.\n');
    expect((await cli(['review', 'approve', '--db', file, '--all-pending', '--reason', 'ok'])).stdout).toBe(
      'No pending reviews: nothing to decide.\n',
    );
  });

  it('all or nothing: one customer without a pending review leaves the others open', async () => {
    const { file } = base();
    await cli(['evaluate', '--db', file, '--as-of', '2026-11-23']);
    const r = await cli(['review', 'approve', '--db', file, '--customer', 'A', '--customer', 'D', '--reason', 'r']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"D" has no pending review/);
    expect(JSON.parse((await cli(['review', 'list', '--db', file, '--json'])).stdout)).toHaveLength(3);
  });
});

describe('simulate: text and JSON agree on the moves', () => {
  it('counts upgrades, downgrades and protected downgrades the same way', async () => {
    f = new Fixture();
    for (let i = 0; i < 30; i++) {
      const id = `C${i}`;
      f.customer(id, { phone: i % 3 !== 0 });
      f.order(id, '2026-08-15', `${250 * i}.00`);
      if (i % 4 === 0) f.orders(id, 12, '2026-10-01', '2.00');
    }
    f.evaluate('2026-11-23');
    f.close();
    const pf = write('p.json', SEED_001_PRESET);
    const j = JSON.parse((await cli(['simulate', '--db', f.file, '--policy', pf, '--json'])).stdout);
    const t = (await cli(['simulate', '--db', f.file, '--policy', pf])).stdout;
    expect(j.downgrades + j.upgrades).toBeGreaterThan(0);
    expect(j.protectedDowngrades).toBeGreaterThan(0);
    const m = /Upgrades (\d+), downgrades (\d+) \(computed tiers, active → draft\); protected downgrades (\d+): .* until (\S+)\./.exec(t);
    expect(m).not.toBeNull();
    expect(m!.slice(1).map((x, i) => (i < 3 ? Number(x) : x))).toEqual([j.upgrades, j.downgrades, j.protectedDowngrades, j.protectedUntil]);
  });
});
