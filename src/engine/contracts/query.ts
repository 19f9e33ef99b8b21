import type { ReadableDB } from '../sql/connection';
import { toContractHistoryEntry, type ContractHistoryRow } from '../rows/contracts';
import { fenToCny } from '@shared/money';
import type { ContractDashboard, ContractFilter, ContractHistoryEntry, ContractJson, ContractView } from './types';
import { loadContract, queryContracts, type StoredContract } from './store';
import { allowedActions } from './terms';
import { commitmentProgress, expiringDays, flagsOf, monthlySpend } from './progress';

function viewOf(db: ReadableDB, c: StoredContract, today: string, horizon: number): ContractView {
  const commitment = commitmentProgress(db, c, today);
  // The internal keys stay in the engine: views travel over IPC to the console.
  const { cust: _cust, renewsId: _renewsId, ...contract } = c;
  return { ...contract, flags: flagsOf(c, commitment, today, horizon), commitment, actions: allowedActions(c) };
}

/** One contract with its flags, commitment progress and allowed actions as of `today`. */
export function getContract(db: ReadableDB, number: string, today: string): ContractView {
  return viewOf(db, loadContract(db, number), today, expiringDays(db));
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Contracts matching the filter, sorted by end day (ties by number), with flags as of `today`. */
export function listContracts(db: ReadableDB, today: string, filter: ContractFilter = {}): ContractView[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    where.push('c.status = ?');
    params.push(filter.status);
  }
  if (filter.customerId !== undefined) {
    where.push('cu.customer_id = ?');
    params.push(filter.customerId);
  }
  const search = filter.search?.trim();
  if (search) {
    where.push(
      "(c.number LIKE ? ESCAPE '\\' OR cu.customer_id LIKE ? ESCAPE '\\' OR cu.name LIKE ? ESCAPE '\\' OR c.account_manager LIKE ? ESCAPE '\\')",
    );
    const p = likePattern(search);
    params.push(p, p, p, p);
  }
  const dir = filter.sort === '-end' ? 'DESC' : 'ASC';
  const sql = `${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.end_date ${dir}, c.number`;
  const horizon = expiringDays(db);
  const views = queryContracts(db, sql, params).map((c) => viewOf(db, c, today, horizon));
  return filter.flag ? views.filter((v) => v.flags.includes(filter.flag!)) : views;
}

/** The status history of a contract, oldest first. */
export function contractHistory(db: ReadableDB, number: string): ContractHistoryEntry[] {
  const c = loadContract(db, number);
  return db
    .prepare<[number], Omit<ContractHistoryRow, 'id' | 'contract'>>(
      'SELECT from_status, to_status, on_date, cause, actor, reason, at FROM contract_history WHERE contract = ? ORDER BY id',
    )
    .all(c.id)
    .map(toContractHistoryEntry);
}

/** Paid spend per calendar month of the contract year containing `today` (the chart of the contract view). */
export function contractMonthlySpend(db: ReadableDB, number: string, today: string): { month: string; spendFen: number }[] {
  return monthlySpend(db, loadContract(db, number), today);
}

/** The dashboard card: active contracts, and contracts carrying each flag. */
export function contractDashboard(db: ReadableDB, today: string): ContractDashboard {
  const horizon = expiringDays(db);
  const views = queryContracts(db, "WHERE c.status IN ('active', 'suspended') OR (c.status = 'draft' AND c.attention IS NOT NULL)", []).map(
    (c) => viewOf(db, c, today, horizon),
  );
  const count = (f: ContractView['flags'][number]) => views.filter((v) => v.flags.includes(f)).length;
  return {
    active: views.filter((v) => v.status === 'active').length,
    expiring: count('expiring'),
    atRisk: count('at-risk'),
    behind: count('behind'),
  };
}

/** The CLI's JSON of a contract (issue 6), exactly these keys. */
export function contractJson(v: ContractView): ContractJson {
  return {
    number: v.number,
    customerId: v.customerId,
    status: v.status,
    start: v.start,
    end: v.end,
    annualCommitment: fenToCny(v.commitmentFen),
    profitShare: v.profitShare,
    coBrandingSlots: v.coBrandingSlots,
    inventoryGuaranteeHours: v.inventoryHours,
    logisticsChannel: v.logisticsChannel,
    advisorySeat: v.advisorySeat,
    accountManager: v.accountManager,
    autoRenew: v.autoRenew,
    renews: v.renews,
    flags: v.flags,
    commitmentProgress: v.commitment ? v.commitment.progress : null,
  };
}
