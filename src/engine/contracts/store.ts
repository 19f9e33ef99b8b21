import type { ReadableDB, WritableDB } from '../sql/connection';
import { toContract, type ContractViewRow, type StoredContract } from '../rows/contracts';
import { platformZone } from '../db';
import { audit } from '../audit';
import { DomainError } from '../errors';
import { isDate, todayIn } from '../time';
import { fenToCny } from '@shared/money';
import type { Contract, ContractCause, ContractClock, ContractStatus, ContractTerms } from './types';

export { toContract, type StoredContract };

export const SELECT_CONTRACT = `
  SELECT c.*, cu.customer_id AS customer_code, cu.name AS customer_name, coalesce(a.tier, 'none') AS tier,
         p.number AS renews_number,
         (SELECT r.number FROM contracts r WHERE r.renews = c.id AND r.status <> 'terminated') AS renewed_by
  FROM contracts c
  JOIN customers cu ON cu.id = c.cust
  LEFT JOIN assignments a ON a.cust = c.cust
  LEFT JOIN contracts p ON p.id = c.renews`;

export function findContract(db: ReadableDB, number: string): StoredContract | null {
  const r = db.prepare<[string], ContractViewRow>(`${SELECT_CONTRACT} WHERE c.number = ?`).get(number);
  return r ? toContract(r) : null;
}

export function loadContract(db: ReadableDB, number: string): StoredContract {
  const c = findContract(db, number);
  if (!c) throw new DomainError('CONTRACT_NOT_FOUND', `contract ${number}: no such contract`);
  return c;
}

export function loadContractById(db: ReadableDB, id: number): StoredContract {
  return toContract(db.prepare<[number], ContractViewRow>(`${SELECT_CONTRACT} WHERE c.id = ?`).get(id)!);
}

export function queryContracts(db: ReadableDB, where: string, params: unknown[]): StoredContract[] {
  return db
    .prepare<unknown[], ContractViewRow>(`${SELECT_CONTRACT} ${where}`)
    .all(...params)
    .map(toContract);
}

/** What the audit log records of a contract: its stored state, money in CNY like the CLI JSON. */
export function snapshot(c: Contract) {
  return {
    number: c.number,
    customerId: c.customerId,
    status: c.status,
    start: c.start,
    end: c.end,
    annualCommitment: fenToCny(c.commitmentFen),
    profitShare: c.profitShare,
    coBrandingSlots: c.coBrandingSlots,
    inventoryGuaranteeHours: c.inventoryHours,
    logisticsChannel: c.logisticsChannel,
    advisorySeat: c.advisorySeat,
    accountManager: c.accountManager,
    autoRenew: c.autoRenew,
    notes: c.notes,
    renews: c.renews,
    attention: c.attention,
    terminationReason: c.terminationReason,
  };
}

/** Resolved time and actor of one action. */
export interface Stamp {
  at: number;
  today: string;
  actor: string;
}

export function stamp(db: ReadableDB, clock: ContractClock): Stamp {
  const at = clock.now();
  const today = clock.today ?? todayIn(platformZone(db), at);
  if (!isDate(today)) throw new DomainError('BAD_DATE', `today "${today}" is not a date (YYYY-MM-DD)`);
  if (!clock.actor.trim()) throw new DomainError('ACTOR_REQUIRED', 'an action on a contract needs an actor');
  return { at, today, actor: clock.actor };
}

function addHistory(
  db: WritableDB,
  s: Stamp,
  contract: number,
  from: ContractStatus | null,
  to: ContractStatus,
  cause: ContractCause,
  reason: string | null,
): void {
  db.prepare(
    'INSERT INTO contract_history (contract, from_status, to_status, on_date, cause, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(contract, from, to, s.today, cause, s.actor, reason, s.at);
}

export interface NewContract extends ContractTerms {
  number: string;
  cust: number;
  renewsId: number | null;
}

/** Inserts a draft with its first history row and its audit row; call inside a transaction. */
export function insertDraft(
  db: WritableDB,
  s: Stamp,
  c: NewContract,
  cause: ContractCause,
  action: string,
  reason: string | null,
  details?: unknown,
): StoredContract {
  const id = Number(
    db
      .prepare(
        `INSERT INTO contracts (number, cust, status, start_date, end_date, commitment_fen, profit_share, co_branding_slots, inventory_hours,
           logistics_channel, advisory_seat, account_manager, auto_renew, notes, renews, created_at, updated_at)
         VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.number,
        c.cust,
        c.start,
        c.end,
        c.commitmentFen,
        c.profitShare,
        c.coBrandingSlots,
        c.inventoryHours,
        c.logisticsChannel ? 1 : 0,
        c.advisorySeat ? 1 : 0,
        c.accountManager,
        c.autoRenew ? 1 : 0,
        c.notes,
        c.renewsId,
        s.at,
        s.at,
      ).lastInsertRowid,
  );
  addHistory(db, s, id, null, 'draft', cause, reason);
  const after = loadContractById(db, id);
  audit(db, s.at, { actor: s.actor, action, entity: 'contract', entityId: c.number, before: null, after: snapshot(after), details });
  return after;
}

const COLUMNS = {
  status: 'status',
  start: 'start_date',
  end: 'end_date',
  commitmentFen: 'commitment_fen',
  profitShare: 'profit_share',
  coBrandingSlots: 'co_branding_slots',
  inventoryHours: 'inventory_hours',
  logisticsChannel: 'logistics_channel',
  advisorySeat: 'advisory_seat',
  accountManager: 'account_manager',
  autoRenew: 'auto_renew',
  notes: 'notes',
  attention: 'attention',
  terminationReason: 'termination_reason',
} as const;

export type ContractChange = Partial<Pick<Contract, keyof typeof COLUMNS>>;

/** `update` and `flag` keep the status; the others are the status transitions, named as in the history. */
export type ChangeVerb = 'update' | 'flag' | Extract<ContractCause, 'activate' | 'suspend' | 'resume' | 'terminate' | 'expire'>;

/**
 * Writes a change to a stored contract with its audit row (`contract.<verb>`), and a history row when
 * the status moves. Only the columns in `change` are written: the database freezes the terms of a
 * contract that is no longer a draft.
 */
export function applyChange(
  db: WritableDB,
  s: Stamp,
  before: StoredContract,
  change: ContractChange,
  verb: ChangeVerb,
  reason: string | null,
  details?: unknown,
): StoredContract {
  const keys = Object.keys(change) as (keyof ContractChange)[];
  const sets = keys.map((k) => `${COLUMNS[k]} = ?`);
  const values = keys.map((k) => {
    const v = change[k];
    return typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
  db.prepare(`UPDATE contracts SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ?`).run(...values, s.at, before.id);
  if (change.status !== undefined && change.status !== before.status) {
    if (verb === 'update' || verb === 'flag') throw new Error(`contract.${verb} cannot change the status`);
    addHistory(db, s, before.id, before.status, change.status, verb, reason);
  }
  const after = loadContractById(db, before.id);
  audit(db, s.at, {
    actor: s.actor,
    action: `contract.${verb}`,
    entity: 'contract',
    entityId: before.number,
    before: snapshot(before),
    after: snapshot(after),
    details,
  });
  return after;
}
