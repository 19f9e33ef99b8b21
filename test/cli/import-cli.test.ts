import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/framework';
import { COMMANDS } from '../../src/cli/commands/index';
import { openDb } from '../../src/engine/db';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');
const fixture = (name: string) => path.join(FIXTURES, `${name}.csv`);

async function tierdesk(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(COMMANDS, args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    now: () => Date.parse('2026-11-23T10:00:00+08:00'),
    env: { TIERDESK_ACTOR: 'cli-test' },
  });
  return { code, stdout, stderr };
}

let dir: string;
let dbFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-import-cli-'));
  dbFile = path.join(dir, 'new.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ALL = [
  '--customers',
  fixture('customers'),
  '--orders',
  fixture('orders'),
  '--referrals',
  fixture('referrals'),
  '--contributions',
  fixture('contributions'),
];

describe('tierdesk import', () => {
  it('creates the database when missing, imports, prints a per-file summary and exits 0', async () => {
    const r = await tierdesk('import', '--db', dbFile, ...ALL);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'customers.csv: 3 rows, 3 new, 0 updated, 0 unchanged',
        'orders.csv: 4 rows, 4 new, 0 updated, 0 unchanged',
        'referrals.csv: 2 rows, 2 new, 0 updated, 0 unchanged',
        'contributions.csv: 3 rows, 3 new, 0 updated, 0 unchanged',
        `Imported into ${dbFile}. Tiers change only when you evaluate: run "tierdesk evaluate --db ${dbFile}" next.`,
        '',
      ].join('\n'),
    });
    const db = openDb(dbFile);
    expect(db.prepare("SELECT actor FROM audit_log WHERE action = 'import'").all()).toEqual([{ actor: 'cli-test' }]);
    db.close();
    const again = await tierdesk('import', '--db', dbFile, '--orders', fixture('orders'), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      ok: true,
      dryRun: false,
      errors: [],
      errorCount: 0,
      files: { orders: { file: 'orders.csv', rows: 4, inserted: 0, updated: 0, unchanged: 4 } },
    });
  });

  it('--dry-run checks and writes nothing', async () => {
    const r = await tierdesk('import', '--db', dbFile, '--customers', fixture('customers'), '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'customers.csv: 3 rows, 3 new, 0 updated, 0 unchanged\n' +
        'Dry run: every row is good; nothing was written. Run the same command without --dry-run to import.\n',
    );
    const db = openDb(dbFile);
    expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 });
    db.close();
  });

  it('bad rows: one stderr line each (first 100, then a count), a summary line, exit 1, nothing imported', async () => {
    const orders = path.join(dir, 'orders.csv');
    const rows = Array.from({ length: 130 }, (_, i) => `O${i},C001,2026-01-01,${i < 102 ? '"1,000"' : '1'},paid`);
    fs.writeFileSync(orders, 'order_id,customer_id,placed_at,amount,status\n' + rows.join('\n') + '\nO999,NOPE,2026-01-01,1,paid\n');
    const r = await tierdesk('import', '--db', dbFile, '--customers', fixture('customers'), '--orders', orders);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines[0]).toBe(
      'orders.csv:2: amount: "1,000" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
    );
    expect(lines[99]).toBe(
      'orders.csv:101: amount: "1,000" is not an amount in CNY (digits, optionally a point and one or two digits: 499.99)',
    );
    expect(lines[100]).toBe('… and 3 more');
    expect(lines[101]).toBe(
      'import refused: 103 errors (first 100 listed); nothing was imported. Fix the rows listed and run the import again (--dry-run checks without writing).',
    );
    const db = openDb(dbFile);
    expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 });
    db.close();
  });

  it('--json with bad rows prints the result and still lists the rows on stderr', async () => {
    const orders = path.join(dir, 'orders.csv');
    fs.writeFileSync(orders, 'order_id,customer_id,placed_at,amount,status\nO1,C404,2026-01-01,1,paid\n');
    const r = await tierdesk('import', '--db', dbFile, '--orders', orders, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      errorCount: 1,
      errors: [{ file: 'orders.csv', line: 2, column: 'customer_id' }],
    });
    expect(r.stderr).toBe(
      'orders.csv:2: customer_id: unknown customer "C404" (not in the database nor in this import\'s customers file)\n' +
        'import refused: 1 error; nothing was imported. Fix the rows listed and run the import again (--dry-run checks without writing).\n',
    );
  });

  it('a missing input file: exit 1 naming it, and no database is created', async () => {
    const missing = path.join(dir, 'orders-missing.csv');
    const r = await tierdesk('import', '--db', dbFile, '--customers', fixture('customers'), '--orders', missing);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `tierdesk: no such file: ${missing}\n` });
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it('usage errors exit 2: no file, no --db, an unknown option', async () => {
    const none = await tierdesk('import', '--db', dbFile);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('tierdesk: nothing to import: give at least one of --customers, --orders, --referrals, --contributions\n');
    expect((await tierdesk('import', '--orders', fixture('orders'))).code).toBe(2);
    expect((await tierdesk('import', '--db', dbFile, '--order', fixture('orders'))).code).toBe(2);
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it('--help lists the options', async () => {
    const r = await tierdesk('import', '--help');
    expect(r.code).toBe(0);
    for (const o of ['--db', '--customers', '--orders', '--referrals', '--contributions', '--dry-run', '--json'])
      expect(r.stdout).toContain(o);
  });
});
