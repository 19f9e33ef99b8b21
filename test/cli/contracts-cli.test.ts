import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/framework';
import { COMMANDS } from '../../src/cli/commands/index';
import { openDb } from '../../src/engine/db';

let dir: string;
let dbFile: string;
let nowMs = Date.parse('2026-06-15T12:00:00+08:00');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-contracts-cli-'));
  dbFile = path.join(dir, 'tierdesk.db');
  nowMs = Date.parse('2026-06-15T12:00:00+08:00');
  const db = openDb(dbFile, { create: true, now: () => nowMs });
  const add = db.prepare(
    "INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES (?, ?, 'enterprise', 1, 1)",
  );
  const assign = db.prepare('INSERT INTO assignments (cust, tier, computed_tier) SELECT id, ?, ? FROM customers WHERE customer_id = ?');
  for (const [id, tier] of [
    ['S1', 'supreme'],
    ['S2', 'supreme'],
    ['G1', 'gold'],
  ] as const) {
    add.run(id, `客户 ${id}`);
    assign.run(tier, tier, id);
  }
  db.prepare(
    "INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) SELECT 'O1', id, ?, 2500000, 'paid' FROM customers WHERE customer_id = 'S1'",
  ).run(Date.parse('2026-03-01T10:00:00+08:00'));
  db.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(COMMANDS, args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    now: () => nowMs,
    env: { TIERDESK_ACTOR: 'ops-bot' },
  });
  return { code, out, err };
}

const create = (...extra: string[]) =>
  cli(
    'contracts',
    'create',
    '--db',
    dbFile,
    '--number',
    'P-1',
    '--customer',
    'S1',
    '--start',
    '2026-01-01',
    '--end',
    '2026-12-31',
    '--commitment',
    '100000',
    '--profit-share',
    '0.15',
    ...extra,
  );

function query<T>(sql: string): T[] {
  const db = openDb(dbFile);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('tierdesk contracts (CLI contract of issue 6)', () => {
  it('create prints the contract JSON with exactly the documented keys', async () => {
    const r = await create(
      '--co-branding-slots',
      '2',
      '--logistics-channel',
      '--manager',
      '王磊',
      '--auto-renew',
      '--notes',
      '首年试行',
      '--commitment',
      '100000.50',
      '--json',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual([
      'number',
      'customerId',
      'status',
      'start',
      'end',
      'annualCommitment',
      'profitShare',
      'coBrandingSlots',
      'inventoryGuaranteeHours',
      'logisticsChannel',
      'advisorySeat',
      'accountManager',
      'autoRenew',
      'renews',
      'flags',
      'commitmentProgress',
    ]);
    expect(json).toEqual({
      number: 'P-1',
      customerId: 'S1',
      status: 'draft',
      start: '2026-01-01',
      end: '2026-12-31',
      annualCommitment: 100000.5,
      profitShare: 0.15,
      coBrandingSlots: 2,
      inventoryGuaranteeHours: 24,
      logisticsChannel: true,
      advisorySeat: false,
      accountManager: '王磊',
      autoRenew: true,
      renews: null,
      flags: [],
      commitmentProgress: 2500000 / 10000050,
    });
    const [row] = query<{ actor: string; action: string }>("SELECT actor, action FROM audit_log WHERE entity = 'contract'");
    expect(row).toEqual({ actor: 'ops-bot', action: 'contract.create' });
  });

  it('walks the lifecycle; a refused transition exits 1 with the rule in one line', async () => {
    expect((await create()).code).toBe(0);
    expect(await cli('contracts', 'suspend', '--db', dbFile, '--number', 'P-1')).toEqual({
      code: 1,
      out: '',
      err: 'tierdesk: contract P-1: cannot suspend a draft contract; suspend applies only to an active contract\n',
    });
    expect(await cli('contracts', 'activate', '--db', dbFile, '--number', 'P-1', '--actor', 'lin')).toEqual({
      code: 0,
      out: 'contract P-1: active\n',
      err: '',
    });
    // Day 166 of 365 with 25,000 of 100,000 CNY paid: behind.
    const shown = JSON.parse((await cli('contracts', 'show', '--db', dbFile, '--number', 'P-1', '--json')).out);
    expect(shown).toMatchObject({ status: 'active', flags: ['behind'], commitmentProgress: 0.25 });
    expect(await cli('contracts', 'resume', '--db', dbFile, '--number', 'P-1')).toMatchObject({
      code: 1,
      err: 'tierdesk: contract P-1: cannot resume an active contract; resume applies only to a suspended contract\n',
    });
    expect((await cli('contracts', 'suspend', '--db', dbFile, '--number', 'P-1', '--reason', 'unpaid invoice')).out).toBe(
      'contract P-1: suspended\n',
    );
    expect((await cli('contracts', 'resume', '--db', dbFile, '--number', 'P-1')).out).toBe('contract P-1: active\n');
    expect((await cli('contracts', 'terminate', '--db', dbFile, '--number', 'P-1')).code).toBe(2);
    expect(await cli('contracts', 'terminate', '--db', dbFile, '--number', 'P-1', '--reason', ' ')).toMatchObject({
      code: 1,
      err: 'tierdesk: contract P-1: a termination needs a reason\n',
    });
    expect(await cli('contracts', 'terminate', '--db', dbFile, '--number', 'P-1', '--reason', 'partner left')).toEqual({
      code: 0,
      out: 'contract P-1: terminated\n',
      err: '',
    });
    expect((await cli('contracts', 'activate', '--db', dbFile, '--number', 'P-1')).err).toBe(
      'tierdesk: contract P-1: cannot activate a terminated contract; activate applies only to a draft contract\n',
    );
    const text = (await cli('contracts', 'show', '--db', dbFile, '--number', 'P-1')).out;
    expect(text).toContain('contract P-1 (terminated)');
    expect(text).toContain('termination reason   partner left');
    expect(text).toContain('2026-06-15  active -> suspended  suspend by ops-bot: unpaid invoice');
    expect(text).toContain('2026-06-15  draft -> active  activate by lin');
    const actions = query<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'contract' ORDER BY id").map((r) => r.action);
    expect(actions).toEqual(['contract.create', 'contract.activate', 'contract.suspend', 'contract.resume', 'contract.terminate']);
  });

  it('refuses activation for a gold customer with the rule', async () => {
    await cli(
      'contracts',
      'create',
      '--db',
      dbFile,
      '--number',
      'G-1',
      '--customer',
      'G1',
      '--start',
      '2026-01-01',
      '--end',
      '2026-12-31',
      '--commitment',
      '100000',
      '--profit-share',
      '0.1',
    );
    expect(await cli('contracts', 'activate', '--db', dbFile, '--number', 'G-1')).toEqual({
      code: 1,
      out: '',
      err: 'tierdesk: contract G-1: customer G1 is gold, only a supreme customer can have an active contract\n',
    });
    expect((await cli('contracts', 'activate', '--db', dbFile, '--number', 'NOPE')).err).toBe(
      'tierdesk: contract NOPE: no such contract\n',
    );
  });

  it('usage errors exit 2, broken rules exit 1', async () => {
    const usage = [
      [
        'contracts',
        'create',
        '--db',
        dbFile,
        '--customer',
        'S1',
        '--start',
        '2026-01-01',
        '--end',
        '2026-12-31',
        '--commitment',
        '1',
        '--profit-share',
        '0.1',
      ],
      ['contracts', 'activate', '--db', dbFile, '--number', 'P-1', '--bogus'],
      ['contracts', 'list', '--db', dbFile, '--flag', 'late'],
      ['contracts', 'list', '--db', dbFile, '--status', 'open'],
      ['contracts', 'renew', '--db', dbFile, '--number', 'P-1', '--new-number', 'P-2', '--end', '2027-12-31', '--start', '2027-01-01'],
      ['contracts', 'expire', '--db', dbFile, '--today', '2026-13-01'],
      ['contracts', 'import', '--db', dbFile],
    ];
    for (const args of usage) expect((await cli(...args)).code, args.join(' ')).toBe(2);
    expect(await create('--commitment', '1,000')).toMatchObject({
      code: 2,
      err: 'tierdesk: --commitment: "1,000" is not an amount in CNY (like 100000 or 99999.50)\n',
    });
    expect((await create('--profit-share', '15%')).code).toBe(2);
    expect((await create('--start', '2026-02-30')).code).toBe(2);
    expect((await create('--inventory-hours', '-1')).code).toBe(2);
    expect(await create('--commitment', '0')).toMatchObject({
      code: 1,
      err: 'tierdesk: contract P-1: the annual purchase commitment must be more than 0 CNY (got 0.00 CNY)\n',
    });
    expect(await create('--profit-share', '0.6')).toMatchObject({
      code: 1,
      err: 'tierdesk: contract P-1: profit share 0.6 is outside 0–0.5 (0–50 %)\n',
    });
    expect(await create('--end', '2025-12-31')).toMatchObject({
      code: 1,
      err: 'tierdesk: contract P-1: the end day 2025-12-31 is not after the start day 2026-01-01\n',
    });
    expect(query('SELECT * FROM contracts')).toEqual([]);
  });

  it('renew, list, expire', async () => {
    await create('--end', '2026-06-30');
    await cli('contracts', 'activate', '--db', dbFile, '--number', 'P-1');
    await cli(
      'contracts',
      'create',
      '--db',
      dbFile,
      '--number',
      'Q-1',
      '--customer',
      'S2',
      '--start',
      '2026-06-01',
      '--end',
      '2027-05-31',
      '--commitment',
      '1',
      '--profit-share',
      '0',
    );
    await cli('contracts', 'activate', '--db', dbFile, '--number', 'Q-1');
    const renewed = await cli(
      'contracts',
      'renew',
      '--db',
      dbFile,
      '--number',
      'P-1',
      '--new-number',
      'P-2',
      '--end',
      '2027-06-30',
      '--commitment',
      '120000',
      '--advisory-seat',
      '--json',
    );
    expect(renewed.code).toBe(0);
    expect(JSON.parse(renewed.out)).toMatchObject({
      number: 'P-2',
      status: 'draft',
      start: '2026-07-01',
      end: '2027-06-30',
      annualCommitment: 120000,
      advisorySeat: true,
      profitShare: 0.15,
      renews: 'P-1',
      commitmentProgress: null,
    });

    const all = JSON.parse((await cli('contracts', 'list', '--db', dbFile, '--json')).out) as { number: string; flags: string[] }[];
    expect(all.map((c) => [c.number, c.flags])).toEqual([
      // P-1 runs half a year: 25,000 CNY of a pro-rata 49,589.04 is 50.4 %, but 166 of 181 days are gone.
      ['P-1', ['expiring', 'behind']],
      ['Q-1', ['behind']],
      ['P-2', []],
    ]);
    expect(
      JSON.parse((await cli('contracts', 'list', '--db', dbFile, '--flag', 'expiring', '--json')).out).map(
        (c: { number: string }) => c.number,
      ),
    ).toEqual(['P-1']);
    expect(
      JSON.parse((await cli('contracts', 'list', '--db', dbFile, '--status', 'draft', '--json')).out).map(
        (c: { number: string }) => c.number,
      ),
    ).toEqual(['P-2']);
    const table = (await cli('contracts', 'list', '--db', dbFile)).out.split('\n');
    expect(table[0]).toMatch(/^NUMBER\s+CUSTOMER\s+STATUS\s+START\s+END\s+COMMITMENT CNY\s+PROGRESS\s+FLAGS$/);
    expect(table[1]).toMatch(/^P-1\s+S1\s+active\s+2026-01-01\s+2026-06-30\s+100,000.00\s+50.4 %\s+expiring,behind$/);

    expect(JSON.parse((await cli('contracts', 'expire', '--db', dbFile, '--today', '2026-06-30', '--json')).out).expired).toEqual([]);
    const ran = await cli('contracts', 'expire', '--db', dbFile, '--today', '2026-07-01', '--json');
    expect(JSON.parse(ran.out)).toEqual({ today: '2026-07-01', expired: ['P-1'], renewed: [], activated: ['P-2'], flagged: [] });
    // Without --today the run uses today (2026-06-15 here): nothing more to do.
    expect((await cli('contracts', 'expire', '--db', dbFile)).out).toBe(
      'expiry run for 2026-06-15: 0 expired, 0 auto-renewed, 0 renewals activated, 0 renewals need attention\n',
    );
    expect(JSON.parse((await cli('contracts', 'show', '--db', dbFile, '--number', 'P-2', '--json')).out).status).toBe('active');
  });
});

describe('tierdesk contracts import', () => {
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('creates drafts from CSV (BOM, CRLF, quoted line breaks, any column order, extra columns)', async () => {
    const file = write(
      'contracts.csv',
      '\uFEFFcustomer,number,start,end,commitment,profit_share,co_branding_slots,inventory_hours,logistics_channel,advisory_seat,manager,auto_renew,notes,extra\r\n' +
        'S1,K-1,2026-01-01,2026-12-31,100000,0.2,3,12,TRUE,0,张伟,1,"line one\r\nline two",x\r\n' +
        'S2,K-2,2026-02-01,2027-01-31, 50000.5 ,0,,,,,,,,\r\n',
    );
    const r = await cli('contracts', 'import', '--db', dbFile, '--file', file);
    expect(r).toEqual({ code: 0, out: `imported 2 contracts as drafts from ${file}\n`, err: '' });
    const k1 = JSON.parse((await cli('contracts', 'show', '--db', dbFile, '--number', 'K-1', '--json')).out);
    expect(k1).toMatchObject({
      customerId: 'S1',
      status: 'draft',
      annualCommitment: 100000,
      profitShare: 0.2,
      coBrandingSlots: 3,
      inventoryGuaranteeHours: 12,
      logisticsChannel: true,
      advisorySeat: false,
      accountManager: '张伟',
      autoRenew: true,
    });
    const k2 = JSON.parse((await cli('contracts', 'show', '--db', dbFile, '--number', 'K-2', '--json')).out);
    expect(k2).toMatchObject({
      annualCommitment: 50000.5,
      inventoryGuaranteeHours: 24,
      coBrandingSlots: 0,
      logisticsChannel: false,
      accountManager: null,
      autoRenew: false,
    });
    expect(query<{ notes: string }>("SELECT notes FROM contracts WHERE number = 'K-1'")[0]!.notes).toBe('line one\r\nline two');
    const audits = query<{ action: string; details: string }>(
      "SELECT action, details FROM audit_log WHERE entity = 'contract' ORDER BY id",
    );
    expect(audits.map((a) => [a.action, JSON.parse(a.details)])).toEqual([
      ['contract.import', { file, line: 2 }],
      ['contract.import', { file, line: 4 }],
    ]);
  });

  it('is all-or-nothing and reports each bad row as file:line: column: reason', async () => {
    await create();
    const file = write(
      'bad.csv',
      'number,customer,start,end,commitment,profit_share,auto_renew,notes\n' +
        'K-1,S1,2026-01-01,2026-12-31,100000,0.1,no,\n' + // line 2
        'K-2,S1,2026-01-01,2026-12-31,100000,0.1,1,"two\nlines"\n' + // lines 3-4: good
        'P-1,S1,2026-01-01,2026-12-31,100000,0.1,0,\n' + // line 5
        'K-3,NOPE,2026-01-01,2026-12-31,100000,0.1,0,\n' + // line 6
        '\n' +
        'K-4,S2,2026-01-01,2026-12-31,1.234,0.1,0,\n' + // line 8
        'K-2,S2,2026-01-01,2026-12-31,100000,0.1,0,\n' + // line 9
        'K-5,S2,2026-01-01,2026-01-01,100000,0.1,0,\n' + // line 10
        'K-6,S2,2026-01-01,2026-12-31,0,0.1,0,\n' + // line 11
        'K-7,S2,2026-01-01,2026-12-31,100000,0.7,0,\n' + // line 12
        'K-8,S2,2026-01-01,,100000,0.1,0,\n', // line 13
    );
    const r = await cli('contracts', 'import', '--db', dbFile, '--file', file);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      `tierdesk: ${file}:2: auto_renew: "no" is not a boolean (true, false, 1, 0)`,
      `${file}:5: number: contract P-1 already exists`,
      `${file}:6: customer: unknown customer "NOPE"`,
      `${file}:8: commitment: "1.234" is not an amount in CNY`,
      `${file}:9: number: contract K-2 appears twice in the file (first on line 3)`,
      `${file}:10: end: the end day 2026-01-01 is not after the start day 2026-01-01`,
      `${file}:11: commitment: the annual purchase commitment must be more than 0 CNY (got 0.00 CNY)`,
      `${file}:12: profit_share: profit share 0.7 is outside 0–0.5 (0–50 %)`,
      `${file}:13: end: empty value`,
      `${file}: 9 bad rows; nothing was imported`,
      '',
    ]);
    expect(query<{ number: string }>('SELECT number FROM contracts').map((c) => c.number)).toEqual(['P-1']);

    const missing = write('missing.csv', 'number,customer,start,end,profit_share\nK-9,S1,2026-01-01,2026-12-31,0.1\n');
    expect((await cli('contracts', 'import', '--db', dbFile, '--file', missing)).err).toBe(
      `tierdesk: ${missing}:1: commitment: missing column\n${missing}: nothing was imported\n`,
    );
    const many = write(
      'many.csv',
      'number,customer,start,end,commitment,profit_share\n' +
        Array.from({ length: 105 }, (_, i) => `M-${i},NOPE,2026-01-01,2026-12-31,1,0`).join('\n'),
    );
    const lines = (await cli('contracts', 'import', '--db', dbFile, '--file', many)).err.trimEnd().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines[100]).toBe('… and 5 more bad rows');
    expect(lines[101]).toBe(`${many}: 105 bad rows; nothing was imported`);
    expect((await cli('contracts', 'import', '--db', dbFile, '--file', path.join(dir, 'absent.csv'))).code).toBe(1);
  });
});
