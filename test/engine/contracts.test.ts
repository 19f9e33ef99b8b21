import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, setSetting, type DB } from '../../src/engine/db';
import { DomainError } from '../../src/engine/errors';
import type { Tier } from '@shared/tiers';
import {
  activateContract,
  contractDashboard,
  contractHistory,
  contractMonthlySpend,
  contractYearAt,
  createContract,
  getContract,
  listContracts,
  renewContract,
  resumeContract,
  runContractExpiry,
  suspendContract,
  terminateContract,
  updateContract,
  type ContractClock,
  type ContractStatus,
  type CreateContractInput,
} from '../../src/engine/contracts/index';

const open: DB[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function freshDb(): DB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-contracts-'));
  dirs.push(dir);
  const db = openDb(path.join(dir, 'tierdesk.db'), { create: true, now: () => 0 });
  open.push(db);
  return db;
}

function customer(db: DB, id: string, tier: Tier | null): void {
  db.prepare("INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES (?, ?, 'enterprise', 1, 1)").run(
    id,
    `Name of ${id}`,
  );
  if (tier) setTier(db, id, tier);
}

function setTier(db: DB, id: string, tier: Tier): void {
  db.prepare(
    `INSERT INTO assignments (cust, tier, computed_tier) SELECT id, ?, ? FROM customers WHERE customer_id = ?
     ON CONFLICT (cust) DO UPDATE SET tier = excluded.tier, computed_tier = excluded.computed_tier`,
  ).run(tier, tier, id);
}

let orderSeq = 0;
function order(db: DB, customerId: string, placedAt: string, fen: number, status: 'paid' | 'refunded' = 'paid'): void {
  db.prepare(
    'INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) SELECT ?, id, ?, ?, ? FROM customers WHERE customer_id = ?',
  ).run(`O${++orderSeq}`, Date.parse(placedAt), fen, status, customerId);
}

/** Noon in Shanghai of `today`; the actor is alice unless said otherwise. */
const clk = (today: string, actor = 'alice'): ContractClock & { today: string } => ({
  today,
  now: () => Date.parse(`${today}T12:00:00+08:00`),
  actor,
});

const terms = (over: Partial<CreateContractInput> = {}): CreateContractInput => ({
  number: 'C-1',
  customerId: 'S1',
  start: '2026-01-01',
  end: '2026-12-31',
  commitmentFen: 10_000_000,
  profitShare: 0.1,
  ...over,
});

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const auditCount = (db: DB) => (db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'contract'").get() as { n: number }).n;
const statusOf = (db: DB, number: string) => getContract(db, number, '2026-06-01').status;

describe('transitions', () => {
  /** A contract C-1 of supreme customer S1 in the given status, reached by allowed steps. */
  function inStatus(status: ContractStatus): DB {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    const day = clk('2026-06-01');
    createContract(db, day, terms());
    if (status === 'draft') return db;
    if (status === 'terminated') {
      terminateContract(db, day, 'C-1', 'cancelled before signing');
      return db;
    }
    activateContract(db, day, 'C-1');
    if (status === 'suspended') suspendContract(db, day, 'C-1');
    if (status === 'expired') runContractExpiry(db, { today: '2027-01-01', now: day.now, actor: 'system' });
    return db;
  }

  const actions = {
    activate: (db: DB, day: ContractClock) => activateContract(db, day, 'C-1'),
    suspend: (db: DB, day: ContractClock) => suspendContract(db, day, 'C-1'),
    resume: (db: DB, day: ContractClock) => resumeContract(db, day, 'C-1'),
    terminate: (db: DB, day: ContractClock) => terminateContract(db, day, 'C-1', 'partner asked to end'),
  };
  const allowed: Record<keyof typeof actions, Partial<Record<ContractStatus, ContractStatus>>> = {
    activate: { draft: 'active' },
    suspend: { active: 'suspended' },
    resume: { suspended: 'active' },
    terminate: { draft: 'terminated', active: 'terminated', suspended: 'terminated' },
  };
  const statuses: ContractStatus[] = ['draft', 'active', 'suspended', 'expired', 'terminated'];

  for (const from of statuses) {
    for (const action of Object.keys(actions) as (keyof typeof actions)[]) {
      const to = allowed[action][from];
      it(`${action} on ${from}: ${to ? `→ ${to}` : 'refused'}`, () => {
        const db = inStatus(from);
        const day = clk('2026-06-02');
        const audits = auditCount(db);
        if (to) {
          expect(actions[action](db, day).status).toBe(to);
          expect(auditCount(db)).toBe(audits + 1);
          expect(contractHistory(db, 'C-1').at(-1)).toMatchObject({ from, to, cause: action, actor: 'alice', on: '2026-06-02' });
        } else {
          const e = refusal(() => actions[action](db, day));
          expect(e.code).toBe('CONTRACT_TRANSITION');
          expect(e.message).toMatch(new RegExp(`^contract C-1: cannot ${action} an? ${from} contract; ${action} applies only to `));
          expect(e.message).not.toContain('\n');
          expect(statusOf(db, 'C-1')).toBe(from);
          expect(auditCount(db)).toBe(audits);
        }
      });
    }
  }

  it('only the expiry run expires, and it leaves drafts and suspended contracts past their end alone', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    customer(db, 'S2', 'supreme');
    createContract(db, clk('2026-06-01'), terms());
    createContract(db, clk('2026-06-01'), terms({ number: 'C-2', customerId: 'S2' }));
    activateContract(db, clk('2026-06-01'), 'C-2');
    suspendContract(db, clk('2026-06-01'), 'C-2');
    const r = runContractExpiry(db, { today: '2027-02-01', now: () => 1, actor: 'system' });
    expect(r.expired).toEqual([]);
    expect(statusOf(db, 'C-1')).toBe('draft');
    expect(statusOf(db, 'C-2')).toBe('suspended');
    // A person cannot bring an ended contract back into force.
    expect(refusal(() => resumeContract(db, clk('2027-02-01'), 'C-2')).message).toBe(
      'contract C-2: it ended on 2026-12-31, before today 2027-02-01; a contract cannot become active after its end day',
    );
    expect(refusal(() => activateContract(db, clk('2027-02-01'), 'C-1')).code).toBe('CONTRACT_ENDED');
  });

  it('termination needs a reason, and the database refuses a transition the rules forbid', () => {
    const db = inStatus('active');
    expect(refusal(() => terminateContract(db, clk('2026-06-02'), 'C-1', '   ')).message).toBe(
      'contract C-1: a termination needs a reason',
    );
    const c = terminateContract(db, clk('2026-06-02'), 'C-1', ' breach of terms ');
    expect(c.terminationReason).toBe('breach of terms');
    expect(contractHistory(db, 'C-1').at(-1)!.reason).toBe('breach of terms');
    expect(() => db.prepare("UPDATE contracts SET status = 'active' WHERE number = 'C-1'").run()).toThrow(/transition not allowed/);
    expect(() => db.prepare('DELETE FROM contract_history').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE contract_history SET actor = 'mallory'").run()).toThrow(/append-only/);
  });
});

describe('rules', () => {
  it('activates only for a supreme customer; resume checks again', () => {
    const db = freshDb();
    customer(db, 'C000123', 'gold');
    customer(db, 'C000124', null);
    createContract(db, clk('2026-06-01'), terms({ customerId: 'C000123' }));
    createContract(db, clk('2026-06-01'), terms({ number: 'C-2', customerId: 'C000124' }));
    const e = refusal(() => activateContract(db, clk('2026-06-01'), 'C-1'));
    expect(e.code).toBe('CONTRACT_NOT_SUPREME');
    expect(e.message).toBe('contract C-1: customer C000123 is gold, only a supreme customer can have an active contract');
    expect(refusal(() => activateContract(db, clk('2026-06-01'), 'C-2')).message).toBe(
      'contract C-2: customer C000124 is none, only a supreme customer can have an active contract',
    );
    setTier(db, 'C000123', 'supreme');
    activateContract(db, clk('2026-06-01'), 'C-1');
    suspendContract(db, clk('2026-06-02'), 'C-1');
    setTier(db, 'C000123', 'diamond');
    expect(refusal(() => resumeContract(db, clk('2026-06-03'), 'C-1')).code).toBe('CONTRACT_NOT_SUPREME');
    expect(statusOf(db, 'C-1')).toBe('suspended');
  });

  it('one active contract per customer', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    createContract(db, clk('2026-06-01'), terms());
    createContract(db, clk('2026-06-01'), terms({ number: 'C-2', start: '2027-01-01', end: '2027-12-31' }));
    activateContract(db, clk('2026-06-01'), 'C-1');
    const e = refusal(() => activateContract(db, clk('2026-06-01'), 'C-2'));
    expect(e.code).toBe('CONTRACT_ONE_ACTIVE');
    expect(e.message).toBe('contract C-2: customer S1 already has the active contract C-1; only one active contract per customer');
    // A suspended contract is not active: the other may be activated, but then the first cannot resume.
    suspendContract(db, clk('2026-06-02'), 'C-1');
    activateContract(db, clk('2026-06-02'), 'C-2');
    expect(refusal(() => resumeContract(db, clk('2026-06-03'), 'C-1')).code).toBe('CONTRACT_ONE_ACTIVE');
  });

  it('periods of active, suspended and expired contracts never overlap; drafts and terminated ones do not count', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    customer(db, 'S2', 'supreme');
    createContract(db, clk('2025-01-01'), terms({ number: 'OLD', start: '2025-01-01', end: '2025-12-31' }));
    activateContract(db, clk('2025-01-01'), 'OLD');
    runContractExpiry(db, { today: '2026-01-01', now: () => 1, actor: 'system' });
    expect(statusOf(db, 'OLD')).toBe('expired');

    createContract(db, clk('2026-01-05'), terms({ number: 'OVER', start: '2025-12-31', end: '2026-12-30' }));
    const e = refusal(() => activateContract(db, clk('2026-01-05'), 'OVER'));
    expect(e.code).toBe('CONTRACT_OVERLAP');
    expect(e.message).toBe(
      'contract OVER: its period 2025-12-31..2026-12-30 overlaps the expired contract OLD (2025-01-01..2025-12-31) of customer S1; periods of active, suspended and expired contracts never overlap',
    );
    // The day after the old one ends is free; an overlapping draft, a terminated contract and another customer's contract are no obstacle.
    terminateContract(db, clk('2026-01-05'), 'OVER', 'wrong start');
    createContract(db, clk('2026-01-05'), terms({ number: 'DRAFT', start: '2026-03-01', end: '2026-09-30' }));
    createContract(db, clk('2026-01-05'), terms({ number: 'OTHER', customerId: 'S2' }));
    activateContract(db, clk('2026-01-05'), 'OTHER');
    createContract(db, clk('2026-01-05'), terms({ number: 'NEXT', start: '2026-01-01', end: '2026-12-31' }));
    expect(activateContract(db, clk('2026-01-05'), 'NEXT').status).toBe('active');
    // The suspended one still counts.
    suspendContract(db, clk('2026-01-06'), 'NEXT');
    expect(refusal(() => activateContract(db, clk('2026-01-06'), 'DRAFT')).code).toBe('CONTRACT_OVERLAP');
  });

  it('refuses bad terms with the rule in one line', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    const day = clk('2026-06-01');
    const msg = (over: Partial<CreateContractInput>) => refusal(() => createContract(db, day, terms(over))).message;
    expect(msg({ end: '2026-01-01' })).toBe('contract C-1: the end day 2026-01-01 is not after the start day 2026-01-01');
    expect(msg({ end: '2025-12-31' })).toBe('contract C-1: the end day 2025-12-31 is not after the start day 2026-01-01');
    expect(msg({ start: '2026-02-30' })).toBe('contract C-1: start day "2026-02-30" is not a date (YYYY-MM-DD)');
    expect(msg({ profitShare: 0.51 })).toBe('contract C-1: profit share 0.51 is outside 0–0.5 (0–50 %)');
    expect(msg({ profitShare: -0.01 })).toBe('contract C-1: profit share -0.01 is outside 0–0.5 (0–50 %)');
    expect(msg({ commitmentFen: 0 })).toBe('contract C-1: the annual purchase commitment must be more than 0 CNY (got 0.00 CNY)');
    expect(msg({ customerId: 'NOPE' })).toBe('contract C-1: no customer with id "NOPE"');
    expect(msg({ number: ' C-1' })).toContain('contract number " C-1" must be 1–64 characters without surrounding spaces');
    expect(createContract(db, day, terms({ profitShare: 0.5 })).profitShare).toBe(0.5);
    expect(createContract(db, day, terms({ number: 'C-0', profitShare: 0 })).profitShare).toBe(0);
    expect(msg({})).toBe('contract C-1: the number is already used by another contract');
    expect(auditCount(db)).toBe(2);
  });

  it('a draft changes any term; an active contract only manager, notes and auto-renew; an ended one nothing', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    createContract(db, clk('2026-01-01'), terms());
    const d = updateContract(db, clk('2026-01-01'), 'C-1', {
      end: '2027-06-30',
      commitmentFen: 20_000_000,
      logisticsChannel: true,
      accountManager: ' 王经理 ',
    });
    expect(d).toMatchObject({ end: '2027-06-30', commitmentFen: 20_000_000, logisticsChannel: true, accountManager: '王经理' });
    const bad = refusal(() => updateContract(db, clk('2026-01-01'), 'C-1', { end: '2025-06-30' }));
    expect(bad.message).toBe('contract C-1: the end day 2025-06-30 is not after the start day 2026-01-01');
    expect(bad.details).toEqual({ field: 'end', rule: 'end.afterStart' });
    activateContract(db, clk('2026-01-01'), 'C-1');
    const e = refusal(() => updateContract(db, clk('2026-01-02'), 'C-1', { profitShare: 0.2 }));
    expect(e.message).toBe(
      'contract C-1: it is active; the profit share is fixed once a contract is activated (only account manager, notes and auto-renew can change)',
    );
    expect(updateContract(db, clk('2026-01-02'), 'C-1', { autoRenew: true, notes: 'renew at the same terms' })).toMatchObject({
      autoRenew: true,
      notes: 'renew at the same terms',
    });
    // Equal terms are no change: no audit row.
    const audits = auditCount(db);
    updateContract(db, clk('2026-01-02'), 'C-1', { autoRenew: true, profitShare: 0.1 });
    expect(auditCount(db)).toBe(audits);
    terminateContract(db, clk('2026-01-03'), 'C-1', 'merged into group contract');
    expect(refusal(() => updateContract(db, clk('2026-01-03'), 'C-1', { notes: 'x' })).message).toBe(
      'contract C-1: it is terminated; its terms can no longer change',
    );
  });
});

describe('renewal and expiry', () => {
  function activeC1(db: DB, over: Partial<CreateContractInput> = {}): void {
    customer(db, 'S1', 'supreme');
    createContract(db, clk('2026-01-01'), terms(over));
    activateContract(db, clk('2026-01-01'), 'C-1');
  }
  const run = (db: DB, today: string) =>
    runContractExpiry(db, { today, now: () => Date.parse(`${today}T00:05:00+08:00`), actor: 'system' });

  it('a contract is in force through its end day and expired by the first run after it', () => {
    const db = freshDb();
    activeC1(db);
    expect(run(db, '2026-12-31').expired).toEqual([]);
    expect(statusOf(db, 'C-1')).toBe('active');
    expect(run(db, '2027-01-01')).toEqual({ today: '2027-01-01', expired: ['C-1'], renewed: [], activated: [], flagged: [] });
    expect(statusOf(db, 'C-1')).toBe('expired');
    expect(contractHistory(db, 'C-1').at(-1)).toMatchObject({
      from: 'active',
      to: 'expired',
      cause: 'expire',
      on: '2027-01-01',
      actor: 'system',
      reason: 'ended on 2026-12-31',
    });
    const audits = auditCount(db);
    expect(run(db, '2027-01-01').expired).toEqual([]);
    expect(auditCount(db)).toBe(audits);
  });

  it('auto-renew at the boundary day: same terms and length, numbered <number>-R<n>, activated when supreme', () => {
    const db = freshDb();
    activeC1(db, { autoRenew: true, coBrandingSlots: 3, advisorySeat: true, accountManager: '李娜' });
    expect(run(db, '2026-12-31').renewed).toEqual([]);
    expect(run(db, '2027-01-01')).toEqual({
      today: '2027-01-01',
      expired: ['C-1'],
      renewed: ['C-1-R1'],
      activated: ['C-1-R1'],
      flagged: [],
    });
    const r1 = getContract(db, 'C-1-R1', '2027-01-01');
    expect(r1).toMatchObject({
      status: 'active',
      start: '2027-01-01',
      end: '2027-12-31',
      commitmentFen: 10_000_000,
      profitShare: 0.1,
      coBrandingSlots: 3,
      advisorySeat: true,
      accountManager: '李娜',
      autoRenew: true,
      renews: 'C-1',
    });
    expect(getContract(db, 'C-1', '2027-01-01').renewedBy).toBe('C-1-R1');
    expect(contractHistory(db, 'C-1-R1').map((h) => h.cause)).toEqual(['auto_renew', 'activate']);
    expect(run(db, '2028-01-01').renewed).toEqual(['C-1-R2']);
    expect(getContract(db, 'C-1-R2', '2028-01-01')).toMatchObject({
      status: 'active',
      start: '2028-01-01',
      end: '2028-12-31',
      renews: 'C-1-R1',
    });
  });

  it('auto-renew keeps a length in months, and a late run catches up through every year', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    createContract(db, clk('2024-03-15'), terms({ start: '2024-03-15', end: '2024-09-14', autoRenew: true }));
    activateContract(db, clk('2024-03-15'), 'C-1');
    const r = run(db, '2025-04-01');
    expect(r.expired).toEqual(['C-1', 'C-1-R1']);
    expect(r.renewed).toEqual(['C-1-R1', 'C-1-R2']);
    expect(r.activated).toEqual(['C-1-R1', 'C-1-R2']);
    expect(getContract(db, 'C-1-R1', '2025-04-01')).toMatchObject({ start: '2024-09-15', end: '2025-03-14', status: 'expired' });
    expect(getContract(db, 'C-1-R2', '2025-04-01')).toMatchObject({ start: '2025-03-15', end: '2025-09-14', status: 'active' });
  });

  it('a renewal starts the day after its predecessor ends and is activated by the run that expires it', () => {
    const db = freshDb();
    activeC1(db);
    const r = renewContract(db, clk('2026-11-01'), 'C-1', { newNumber: 'C-2', end: '2028-12-31', commitmentFen: 15_000_000 });
    expect(r).toMatchObject({
      status: 'draft',
      start: '2027-01-01',
      end: '2028-12-31',
      commitmentFen: 15_000_000,
      profitShare: 0.1,
      renews: 'C-1',
    });
    expect(refusal(() => activateContract(db, clk('2026-11-01'), 'C-2')).code).toBe('CONTRACT_ONE_ACTIVE');
    expect(refusal(() => renewContract(db, clk('2026-11-01'), 'C-1', { newNumber: 'C-3', end: '2027-12-31' })).message).toBe(
      'contract C-1: it already has the renewal C-2',
    );
    expect(refusal(() => renewContract(db, clk('2026-11-01'), 'C-2', { newNumber: 'C-3', end: '2029-12-31' })).message).toBe(
      'contract C-2: cannot renew a draft contract; renew applies only to an active, suspended or expired contract',
    );
    expect(refusal(() => updateContract(db, clk('2026-11-01'), 'C-2', { start: '2027-02-01' })).code).toBe('RENEWAL_START');
    expect(run(db, '2027-01-01')).toEqual({ today: '2027-01-01', expired: ['C-1'], renewed: [], activated: ['C-2'], flagged: [] });
    expect(statusOf(db, 'C-2')).toBe('active');
  });

  it('a renewal of a customer no longer supreme stays a draft, flagged at-risk, and is never auto-renewed twice', () => {
    const db = freshDb();
    activeC1(db, { autoRenew: true });
    setTier(db, 'S1', 'diamond');
    // At risk, but never ended automatically before its end day.
    expect(run(db, '2026-12-31').expired).toEqual([]);
    expect(getContract(db, 'C-1', '2026-12-31').flags).toContain('at-risk');
    const reason = 'contract C-1-R1: customer S1 is diamond, only a supreme customer can have an active contract';
    expect(run(db, '2027-01-01')).toEqual({
      today: '2027-01-01',
      expired: ['C-1'],
      renewed: ['C-1-R1'],
      activated: [],
      flagged: [{ number: 'C-1-R1', reason }],
    });
    const r1 = getContract(db, 'C-1-R1', '2027-01-02');
    expect(r1).toMatchObject({ status: 'draft', attention: reason, flags: ['at-risk'] });
    expect(listContracts(db, '2027-01-02', { flag: 'at-risk' }).map((c) => c.number)).toEqual(['C-1-R1']);
    expect(contractDashboard(db, '2027-01-02')).toEqual({ active: 0, expiring: 0, atRisk: 1, behind: 0 });
    expect(run(db, '2027-01-02').renewed).toEqual([]);
    setTier(db, 'S1', 'supreme');
    const a = activateContract(db, clk('2027-01-03'), 'C-1-R1');
    expect(a).toMatchObject({ status: 'active', attention: null });
    const audit = db.prepare("SELECT action FROM audit_log WHERE entity_id = 'C-1-R1' ORDER BY id").all() as { action: string }[];
    expect(audit.map((x) => x.action)).toEqual(['contract.renew', 'contract.flag', 'contract.activate']);
  });
});

describe('flags and commitment progress', () => {
  it('expiring: end − today ≤ 30 days, configurable', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    createContract(db, clk('2026-01-01'), terms());
    expect(getContract(db, 'C-1', '2026-12-01').flags).not.toContain('expiring');
    activateContract(db, clk('2026-01-01'), 'C-1');
    expect(getContract(db, 'C-1', '2026-11-30').flags).not.toContain('expiring');
    expect(getContract(db, 'C-1', '2026-12-01').flags).toContain('expiring');
    setSetting(db, 'contracts.expiringDays', '10');
    expect(getContract(db, 'C-1', '2026-12-20').flags).not.toContain('expiring');
    expect(getContract(db, 'C-1', '2026-12-21').flags).toContain('expiring');
  });

  it('contract years start on each anniversary; a 29 February start keeps its day count', () => {
    expect(contractYearAt('2026-01-01', '2027-06-30', '2025-12-31')).toBeNull();
    expect(contractYearAt('2026-01-01', '2027-06-30', '2026-12-31')).toEqual({
      year: 1,
      first: '2026-01-01',
      last: '2026-12-31',
      days: 365,
      fullDays: 365,
    });
    expect(contractYearAt('2026-01-01', '2027-06-30', '2027-01-01')).toEqual({
      year: 2,
      first: '2027-01-01',
      last: '2027-06-30',
      days: 181,
      fullDays: 365,
    });
    expect(contractYearAt('2026-01-01', '2027-06-30', '2030-01-01')).toEqual({
      year: 2,
      first: '2027-01-01',
      last: '2027-06-30',
      days: 181,
      fullDays: 365,
    });
    expect(contractYearAt('2024-02-29', '2028-12-31', '2025-02-27')).toMatchObject({ year: 1, days: 365 });
    expect(contractYearAt('2024-02-29', '2028-12-31', '2025-02-28')).toMatchObject({ year: 2, first: '2025-02-28' });
    expect(contractYearAt('2024-02-29', '2028-12-31', '2028-02-29')).toMatchObject({
      year: 5,
      first: '2028-02-29',
      last: '2028-12-31',
      days: 307,
      fullDays: 365,
    });
  });

  // 365,000 CNY a year is 1,000 CNY a day: the pro-rata share of any day count is easy to state.
  function committed(): DB {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    customer(db, 'X', 'supreme');
    createContract(db, clk('2026-01-01'), terms({ end: '2027-06-30', commitmentFen: 36_500_000 }));
    activateContract(db, clk('2026-01-01'), 'C-1');
    return db;
  }
  const progressAt = (db: DB, today: string) => getContract(db, 'C-1', today);

  it('at the start of a contract year', () => {
    const db = committed();
    let v = progressAt(db, '2026-01-01');
    expect(v.commitment).toMatchObject({ year: 1, elapsedDays: 1, days: 365, spendFen: 0, progress: 0 });
    expect(v.commitment!.elapsedShare).toBe(1 / 365);
    expect(v.flags).toEqual(['behind']);
    order(db, 'S1', '2026-01-01T00:00:00+08:00', 99_999);
    order(db, 'X', '2026-01-01T10:00:00+08:00', 500_000);
    expect(progressAt(db, '2026-01-01').flags).toEqual(['behind']);
    order(db, 'S1', '2026-01-01T23:59:59+08:00', 1);
    v = progressAt(db, '2026-01-01');
    expect(v.commitment).toMatchObject({ spendFen: 100_000, behind: false });
    expect(v.commitment!.progress).toBe(1 / 365);
    expect(v.flags).toEqual([]);
  });

  it('in the middle of a contract year: paid orders of this year up to today, in the platform time zone', () => {
    const db = committed();
    order(db, 'S1', '2025-12-31T23:59:59+08:00', 50_000_000); // before the contract
    order(db, 'S1', '2026-03-01T10:00:00+08:00', 17_299_999);
    order(db, 'S1', '2026-04-01T10:00:00+08:00', 5_000_000, 'refunded');
    order(db, 'S1', '2026-07-02T15:59:59Z', 1_000_000); // 23:59:59 on 07-02 in Shanghai
    order(db, 'S1', '2026-07-02T16:00:00Z', 9_000_000); // already 07-03 in Shanghai
    // Day 183 of 365 needs 183,000 CNY.
    let v = progressAt(db, '2026-07-02');
    expect(v.commitment).toMatchObject({ elapsedDays: 183, spendFen: 18_299_999, behind: true });
    expect(v.flags).toEqual(['behind']);
    order(db, 'S1', '2026-05-01T10:00:00+08:00', 1);
    v = progressAt(db, '2026-07-02');
    expect(v.commitment).toMatchObject({ elapsedDays: 183, spendFen: 18_300_000, behind: false });
    expect(v.commitment!.progress).toBe(18_300_000 / 36_500_000);
    expect(v.commitment!.elapsedShare).toBe(183 / 365);
    expect(v.flags).toEqual([]);
    expect(progressAt(db, '2026-07-03').commitment).toMatchObject({ elapsedDays: 184, spendFen: 27_300_000 });
    expect(contractMonthlySpend(db, 'C-1', '2026-07-03')).toEqual([
      { month: '2026-01', spendFen: 0 },
      { month: '2026-02', spendFen: 0 },
      { month: '2026-03', spendFen: 17_299_999 },
      { month: '2026-04', spendFen: 0 },
      { month: '2026-05', spendFen: 1 },
      { month: '2026-06', spendFen: 0 },
      { month: '2026-07', spendFen: 10_000_000 },
    ]);
  });

  it('at the end of a contract year, and pro rata in a last, shorter year', () => {
    const db = committed();
    order(db, 'S1', '2026-06-30T10:00:00+08:00', 36_499_999);
    let v = progressAt(db, '2026-12-31');
    expect(v.commitment).toMatchObject({ year: 1, elapsedDays: 365, behind: true });
    expect(v.flags).toEqual(['behind']); // ends 2027-06-30: not expiring yet
    order(db, 'S1', '2026-12-31T23:00:00+08:00', 1);
    v = progressAt(db, '2026-12-31');
    expect(v.commitment).toMatchObject({ spendFen: 36_500_000, progress: 1, elapsedShare: 1, behind: false });
    // Year 2 runs 2027-01-01..2027-06-30: 181 days, commitment 365,000 × 181 / 365 = 181,000 CNY.
    v = progressAt(db, '2027-01-01');
    expect(v.commitment).toMatchObject({
      year: 2,
      days: 181,
      fullDays: 365,
      commitmentFen: 18_100_000,
      spendFen: 0,
      elapsedDays: 1,
      behind: true,
    });
    order(db, 'S1', '2027-01-01T00:00:00+08:00', 100_000);
    expect(progressAt(db, '2027-01-01').commitment).toMatchObject({ progress: 100_000 / 18_100_000, behind: false });
    order(db, 'S1', '2027-03-01T00:00:00+08:00', 17_999_999);
    v = progressAt(db, '2027-06-30');
    expect(v.commitment).toMatchObject({ elapsedDays: 181, elapsedShare: 1, behind: true });
    expect(v.flags).toEqual(['expiring', 'behind']);
    order(db, 'S1', '2027-06-30T23:59:59+08:00', 1);
    v = progressAt(db, '2027-06-30');
    expect(v.commitment).toMatchObject({ spendFen: 18_100_000, progress: 1, behind: false });
    expect(v.flags).toEqual(['expiring']);
  });

  it('at-risk when the customer is no longer supreme; list filters, search and sorts by end day', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    customer(db, 'S2', 'supreme');
    db.prepare("UPDATE customers SET name = '星辰网络' WHERE customer_id = 'S2'").run();
    createContract(db, clk('2026-01-01'), terms({ end: '2027-06-30', commitmentFen: 1 }));
    createContract(db, clk('2026-01-01'), terms({ number: 'C-2', customerId: 'S2', end: '2026-06-30', accountManager: 'Zhou' }));
    createContract(db, clk('2026-01-01'), terms({ number: 'C-3', customerId: 'S2', start: '2026-07-01', end: '2026-09-30' }));
    activateContract(db, clk('2026-01-01'), 'C-1');
    activateContract(db, clk('2026-01-01'), 'C-2');
    order(db, 'S1', '2026-01-01T10:00:00+08:00', 1);
    setTier(db, 'S2', 'gold');
    const today = '2026-06-15';
    expect(listContracts(db, today).map((c) => [c.number, c.flags])).toEqual([
      ['C-2', ['expiring', 'at-risk', 'behind']],
      ['C-3', []],
      ['C-1', []],
    ]);
    expect(listContracts(db, today, { sort: '-end' }).map((c) => c.number)).toEqual(['C-1', 'C-3', 'C-2']);
    expect(listContracts(db, today, { status: 'draft' }).map((c) => c.number)).toEqual(['C-3']);
    expect(listContracts(db, today, { flag: 'behind' }).map((c) => c.number)).toEqual(['C-2']);
    expect(listContracts(db, today, { search: '星辰' }).map((c) => c.number)).toEqual(['C-2', 'C-3']);
    expect(listContracts(db, today, { search: 'zhou' }).map((c) => c.number)).toEqual(['C-2']);
    expect(listContracts(db, today, { search: '%' })).toEqual([]);
    expect(listContracts(db, today, { customerId: 'S1' }).map((c) => c.number)).toEqual(['C-1']);
    expect(contractDashboard(db, today)).toEqual({ active: 2, expiring: 1, atRisk: 1, behind: 1 });
    expect(getContract(db, 'C-3', today).actions).toEqual(['update', 'activate', 'terminate']);
    expect(getContract(db, 'C-2', today).actions).toEqual(['update', 'suspend', 'terminate', 'renew']);
  });
});

describe('audit', () => {
  it('one audit row per change, with before and after equal to the stored states', () => {
    const db = freshDb();
    customer(db, 'S1', 'supreme');
    customer(db, 'G1', 'gold');
    const snap = (n: string) => {
      const v = getContract(db, n, '2026-01-01');
      return {
        number: v.number,
        customerId: v.customerId,
        status: v.status,
        start: v.start,
        end: v.end,
        annualCommitment: v.commitmentFen / 100,
        profitShare: v.profitShare,
        coBrandingSlots: v.coBrandingSlots,
        inventoryGuaranteeHours: v.inventoryHours,
        logisticsChannel: v.logisticsChannel,
        advisorySeat: v.advisorySeat,
        accountManager: v.accountManager,
        autoRenew: v.autoRenew,
        notes: v.notes,
        renews: v.renews,
        attention: v.attention,
        terminationReason: v.terminationReason,
      };
    };
    const states: { number: string; action: string; actor: string; after: unknown }[] = [];
    const step = (number: string, action: string, actor: string, fn: (c: ContractClock) => unknown) => {
      fn(clk('2026-01-01', actor));
      states.push({ number, action, actor, after: snap(number) });
    };
    step('C-1', 'contract.create', 'alice', (c) => createContract(db, c, terms({ commitmentFen: 12_345_678 })));
    step('C-1', 'contract.update', 'bob', (c) => updateContract(db, c, 'C-1', { profitShare: 0.25, notes: 'signed' }));
    step('C-1', 'contract.activate', 'carol', (c) => activateContract(db, c, 'C-1'));
    step('C-1', 'contract.suspend', 'carol', (c) => suspendContract(db, c, 'C-1', 'payment dispute'));
    step('C-1', 'contract.resume', 'dave', (c) => resumeContract(db, c, 'C-1'));
    step('C-2', 'contract.renew', 'dave', (c) => renewContract(db, c, 'C-1', { newNumber: 'C-2', end: '2027-12-31' }));
    step('C-1', 'contract.terminate', 'erin', (c) => terminateContract(db, c, 'C-1', 'partner exit'));
    // Refused actions change nothing and write nothing.
    createContract(db, clk('2026-01-01'), terms({ number: 'G-1', customerId: 'G1' }));
    states.push({ number: 'G-1', action: 'contract.create', actor: 'alice', after: snap('G-1') });
    expect(() => activateContract(db, clk('2026-01-01'), 'G-1')).toThrow(DomainError);
    expect(() => suspendContract(db, clk('2026-01-01'), 'C-2')).toThrow(DomainError);

    const rows = db
      .prepare("SELECT at, actor, action, entity, entity_id, before, after FROM audit_log WHERE entity = 'contract' ORDER BY id")
      .all() as {
      at: number;
      actor: string;
      action: string;
      entity: string;
      entity_id: string;
      before: string | null;
      after: string;
    }[];
    expect(rows.map((r) => [r.entity_id, r.action, r.actor])).toEqual(states.map((s) => [s.number, s.action, s.actor]));
    const last = new Map<string, unknown>();
    rows.forEach((r, i) => {
      expect(r.before === null ? null : JSON.parse(r.before)).toEqual(last.get(r.entity_id) ?? null);
      expect(JSON.parse(r.after)).toEqual(states[i]!.after);
      expect(r.at).toBe(clk('2026-01-01').now());
      last.set(r.entity_id, JSON.parse(r.after));
    });
    expect(JSON.parse(rows[0]!.after).annualCommitment).toBe(123_456.78);
    expect(
      contractHistory(db, 'C-1').map((h) => `${h.from ?? '-'}>${h.to} ${h.cause} ${h.actor}${h.reason ? ` (${h.reason})` : ''}`),
    ).toEqual([
      '->draft create alice',
      'draft>active activate carol',
      'active>suspended suspend carol (payment dispute)',
      'suspended>active resume dave',
      'active>terminated terminate erin (partner exit)',
    ]);
  });
});
