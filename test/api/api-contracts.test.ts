import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/engine/db';
import { createDispatcher } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { createClient, type Client } from '@shared/api/client';
import type { ServerEnv } from '../../src/server/context';
import type { Channel, Input, Output } from '@shared/api/apiChannels';
import { bundleWorker, envFor, knownDb, tempDir } from '../helpers/serverFixtures';

// The contracts channels over the dispatcher the console uses, on the known database (NOW is
// 2026-11-23 in Asia/Shanghai; c08 is supreme, c06 gold).

let worker: string;
let env: ServerEnv;
let db: DB;
let api: Client;

async function ok<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const r = await api.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
async function refused<C extends Channel>(channel: C, input: Input<C>): Promise<{ code: string; message: string }> {
  const r = await api.call(channel, input);
  if (r.ok) throw new Error(`${channel} was not refused`);
  return r.error;
}

const at = (iso: string) => Date.parse(iso);

beforeAll(async () => {
  worker = await bundleWorker();
  const file = path.join(tempDir(), 'contracts.db');
  db = knownDb(file);
  const order = db.prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) VALUES (?, 8, ?, ?, ?)');
  order.run('o-before', at('2025-12-31T23:30:00+08:00'), 9_000_000, 'paid'); // the day before the contract year
  order.run('o-mar', at('2026-03-15T12:00:00+08:00'), 3_000_000, 'paid');
  order.run('o-may', at('2026-05-02T09:00:00+08:00'), 1_000_000, 'refunded');
  order.run('o-nov', at('2026-11-01T00:10:00+08:00'), 2_000_000, 'paid');
  env = envFor(db, file, worker);
  const dispatch = createDispatcher(env, HANDLERS);
  api = createClient({ call: (channel, input) => dispatch(channel, input) });
});
afterAll(async () => {
  await env.jobs.close();
  db.close();
  fs.rmSync(worker, { force: true });
});

const C1 = {
  number: 'C-1',
  customerId: 'c08',
  start: '2026-01-01',
  end: '2026-12-31',
  commitmentFen: 10_000_000,
  profitShare: 0.15,
  coBrandingSlots: 2,
  logisticsChannel: true,
  accountManager: '王经理',
};

describe('contracts channels', () => {
  it('contracts:check reports the engine rules of the fields given, with stable codes, and who the customer is', async () => {
    expect(await ok('contracts:check', {})).toEqual({ problems: [], customer: null });
    const bad = await ok('contracts:check', {
      number: ' C ',
      customerId: 'nobody',
      start: '2026-05-01',
      end: '2026-04-30',
      commitmentFen: 0,
      profitShare: 0.6,
      coBrandingSlots: -1,
    });
    expect(bad.problems.map((p) => [p.field, p.rule])).toEqual([
      ['number', 'number.format'],
      ['customerId', 'customer.unknown'],
      ['end', 'end.afterStart'],
      ['commitmentFen', 'commitment.positive'],
      ['profitShare', 'profitShare.range'],
      ['coBrandingSlots', 'coBrandingSlots.count'],
    ]);
    expect(bad.problems.find((p) => p.rule === 'end.afterStart')!.message).toBe(
      'the end day 2026-04-30 is not after the start day 2026-05-01',
    );
    // Only the start given: no complaint about the end that is still empty.
    expect((await ok('contracts:check', { start: '2026-05-01' })).problems).toEqual([]);
    const good = await ok('contracts:check', { number: 'C-1', customerId: 'c08', profitShare: 0.5, commitmentFen: 1 });
    expect(good).toEqual({ problems: [], customer: { customerId: 'c08', name: '客户 c08', tier: 'supreme' } });
    expect((await ok('contracts:check', { customerId: 'c10' })).customer).toEqual({ customerId: 'c10', name: '客户 c10', tier: 'none' });
  });

  it('creates a draft and activates it for a supreme customer; progress and monthly spend of the contract year', async () => {
    const draft = await ok('contracts:create', C1);
    expect(draft.contract).toMatchObject({
      number: 'C-1',
      status: 'draft',
      customerName: '客户 c08',
      customerTier: 'supreme',
      inventoryHours: 24,
      actions: ['update', 'activate', 'terminate'],
    });
    expect(draft.history.map((h) => [h.from, h.to, h.cause])).toEqual([[null, 'draft', 'create']]);
    expect(draft.today).toBe('2026-11-23');

    const active = await ok('contracts:activate', { number: 'C-1' });
    expect(active.contract.status).toBe('active');
    expect(active.contract.actions).toEqual(['update', 'suspend', 'terminate', 'renew']);
    expect(active.history.map((h) => [h.from, h.to, h.cause, h.actor, h.on])).toEqual([
      [null, 'draft', 'create', 'os-user', '2026-11-23'],
      ['draft', 'active', 'activate', 'os-user', '2026-11-23'],
    ]);
    // Paid spend 2026-01-01..2026-11-23: 30,000 + 20,000 CNY (the refund and the order of 31 December 2025 do not count).
    const c = active.contract.commitment!;
    expect(c).toMatchObject({
      year: 1,
      first: '2026-01-01',
      last: '2026-12-31',
      days: 365,
      spendFen: 5_000_000,
      progress: 0.5,
      elapsedDays: 327,
      behind: true,
    });
    expect(c.elapsedShare).toBeCloseTo(327 / 365, 12);
    expect(active.contract.flags).toEqual(['behind']);
    expect(active.monthly).toHaveLength(11);
    expect(active.monthly[0]).toEqual({ month: '2026-01', spendFen: 0 });
    expect(active.monthly[2]).toEqual({ month: '2026-03', spendFen: 3_000_000 });
    expect(active.monthly[4]).toEqual({ month: '2026-05', spendFen: 0 });
    expect(active.monthly[10]).toEqual({ month: '2026-11', spendFen: 2_000_000 });
    expect(await ok('contracts:dashboard', {})).toEqual({ active: 1, expiring: 0, atRisk: 0, behind: 1, expiringDays: 30 });
  });

  it('refuses activation for a gold customer with the rule and the tier', async () => {
    await ok('contracts:create', { ...C1, number: 'C-2', customerId: 'c06' });
    const e = await refused('contracts:activate', { number: 'C-2' });
    expect(e).toEqual({
      code: 'CONTRACT_NOT_SUPREME',
      message: 'contract C-2: customer c06 is gold, only a supreme customer can have an active contract',
      details: { tier: 'gold' },
    });
    expect((await ok('contracts:get', { number: 'C-2' })).contract.status).toBe('draft');
  });

  it('one active contract per customer; terms fixed after activation; termination needs a reason', async () => {
    await ok('contracts:create', { ...C1, number: 'C-3', start: '2027-06-01', end: '2028-05-31' });
    expect((await refused('contracts:activate', { number: 'C-3' })).code).toBe('CONTRACT_ONE_ACTIVE');
    expect((await refused('contracts:update', { number: 'C-1', changes: { commitmentFen: 20_000_000 } })).code).toBe('CONTRACT_FROZEN');
    const managed = await ok('contracts:update', { number: 'C-1', changes: { accountManager: '李经理', notes: '季度复盘' } });
    expect(managed.contract).toMatchObject({ accountManager: '李经理', notes: '季度复盘', commitmentFen: 10_000_000 });
    expect((await refused('contracts:terminate', { number: 'C-3', reason: '  ' })).code).toBe('REASON_REQUIRED');
    const cancelled = await ok('contracts:terminate', { number: 'C-3', reason: '重复录入' });
    expect(cancelled.contract).toMatchObject({ status: 'terminated', terminationReason: '重复录入', actions: [] });
    expect(cancelled.history.at(-1)).toMatchObject({ from: 'draft', to: 'terminated', cause: 'terminate', reason: '重复录入' });
    expect((await refused('contracts:suspend', { number: 'C-3' })).code).toBe('CONTRACT_TRANSITION');
  });

  it('suspends and resumes', async () => {
    const suspended = await ok('contracts:suspend', { number: 'C-1', reason: '付款延迟' });
    expect(suspended.contract).toMatchObject({ status: 'suspended', actions: ['update', 'resume', 'terminate', 'renew'] });
    expect((await ok('contracts:dashboard', {})).active).toBe(0);
    expect((await ok('contracts:resume', { number: 'C-1' })).contract.status).toBe('active');
  });

  it('proposes a renewal from the predecessor and drafts it', async () => {
    const p = await ok('contracts:renewalProposal', { number: 'C-1' });
    expect(p).toMatchObject({ renews: 'C-1', number: 'C-1-R1', customerId: 'c08', customerTier: 'supreme' });
    expect(p.terms).toEqual({
      start: '2027-01-01',
      end: '2027-12-31',
      commitmentFen: 10_000_000,
      profitShare: 0.15,
      coBrandingSlots: 2,
      inventoryHours: 24,
      logisticsChannel: true,
      advisorySeat: false,
      accountManager: '李经理',
      autoRenew: false,
      notes: '季度复盘',
    });
    const { start: _start, ...rest } = p.terms;
    const r = await ok('contracts:renew', { ...rest, number: 'C-1', newNumber: p.number, commitmentFen: 12_000_000 });
    expect(r.contract).toMatchObject({
      number: 'C-1-R1',
      status: 'draft',
      renews: 'C-1',
      start: '2027-01-01',
      end: '2027-12-31',
      commitmentFen: 12_000_000,
      commitment: null,
    });
    expect(r.history).toEqual([expect.objectContaining({ from: null, to: 'draft', cause: 'renew', reason: 'renewal of C-1' })]);
    expect((await ok('contracts:get', { number: 'C-1' })).contract.renewedBy).toBe('C-1-R1');
    expect((await refused('contracts:renewalProposal', { number: 'C-1' })).code).toBe('RENEWAL_EXISTS');
    expect((await refused('contracts:renewalProposal', { number: 'C-3' })).code).toBe('CONTRACT_TRANSITION');
    // A number in use is refused inline before saving; the contract's own number is not "taken" while editing it.
    expect((await ok('contracts:check', { number: 'C-1-R1' })).problems.map((p) => p.rule)).toEqual(['number.taken']);
    expect((await ok('contracts:check', { number: 'C-1-R1', editing: 'C-1-R1' })).problems).toEqual([]);
  });

  it('lists with status, flag, search and sort, and per customer for the customer file', async () => {
    const numbers = (xs: { number: string }[]) => xs.map((x) => x.number);
    expect(numbers(await ok('contracts:list', {}))).toEqual(['C-1', 'C-2', 'C-1-R1', 'C-3']);
    expect(numbers(await ok('contracts:list', { sort: '-end' }))).toEqual(['C-3', 'C-1-R1', 'C-1', 'C-2']);
    expect(numbers(await ok('contracts:list', { status: 'draft' }))).toEqual(['C-2', 'C-1-R1']);
    expect(numbers(await ok('contracts:list', { flag: 'behind' }))).toEqual(['C-1']);
    expect(numbers(await ok('contracts:list', { flag: 'expiring' }))).toEqual([]);
    expect(numbers(await ok('contracts:list', { search: 'c06' }))).toEqual(['C-2']);
    expect(numbers(await ok('contracts:list', { search: '李经理' }))).toEqual(['C-1', 'C-1-R1']); // the renewal took over the manager
    expect(numbers(await ok('contracts:ofCustomer', { customerId: 'c08' }))).toEqual(['C-1', 'C-1-R1', 'C-3']);
    expect(await ok('contracts:ofCustomer', { customerId: 'c01' })).toEqual([]);
    expect((await refused('contracts:get', { number: 'C-404' })).code).toBe('CONTRACT_NOT_FOUND');
    expect((await refused('contracts:list', { flag: 'late' } as never)).code).toBe('BAD_INPUT');
  });

  it('the customer losing supreme flags the contract at risk on the card', async () => {
    db.prepare("UPDATE assignments SET tier = 'diamond' WHERE cust = 8").run();
    expect(await ok('contracts:dashboard', {})).toEqual({ active: 1, expiring: 0, atRisk: 1, behind: 1, expiringDays: 30 });
    expect((await ok('contracts:get', { number: 'C-1' })).contract.flags).toEqual(['at-risk', 'behind']);
    db.prepare("UPDATE assignments SET tier = 'supreme' WHERE cust = 8").run();
  });

  it('writes are audited with the operator as actor', async () => {
    const rows = db.prepare("SELECT action, entity_id FROM audit_log WHERE entity = 'contract' ORDER BY id").all() as {
      action: string;
      entity_id: string;
    }[];
    expect(rows.map((r) => `${r.action} ${r.entity_id}`)).toEqual([
      'contract.create C-1',
      'contract.activate C-1',
      'contract.create C-2',
      'contract.create C-3',
      'contract.update C-1',
      'contract.terminate C-3',
      'contract.suspend C-1',
      'contract.resume C-1',
      'contract.renew C-1-R1',
    ]);
  });
});
