import type { ReadableDB, WritableDB } from '../sql/connection';
import type { CustomerRow } from '../rows/customers';
import { DomainError } from '../errors';
import { addDays, addMonths, daysBetween } from '../time';
import type { Contract, ContractClock, ContractTerms, ContractTermsInput, CreateContractInput, RenewContractInput } from './types';
import { DEFAULT_INVENTORY_HOURS } from './types';
import { applyChange, findContract, insertDraft, loadContract, stamp, type ContractChange, type Stamp, type StoredContract } from './store';
import { checkActivation, checkTransition, refuseProblems } from './rules';
import { ADMIN_TERMS, checkNumber, checkTerms } from './terms';

const text = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** Create input with the optional terms filled in. */
function withDefaults(input: ContractTermsInput): ContractTerms {
  return {
    start: input.start,
    end: input.end,
    commitmentFen: input.commitmentFen,
    profitShare: input.profitShare,
    coBrandingSlots: input.coBrandingSlots ?? 0,
    inventoryHours: input.inventoryHours ?? DEFAULT_INVENTORY_HOURS,
    logisticsChannel: input.logisticsChannel ?? false,
    advisorySeat: input.advisorySeat ?? false,
    accountManager: text(input.accountManager),
    autoRenew: input.autoRenew ?? false,
    notes: text(input.notes),
  };
}

function termsOf(c: Contract): ContractTerms {
  return {
    start: c.start,
    end: c.end,
    commitmentFen: c.commitmentFen,
    profitShare: c.profitShare,
    coBrandingSlots: c.coBrandingSlots,
    inventoryHours: c.inventoryHours,
    logisticsChannel: c.logisticsChannel,
    advisorySeat: c.advisorySeat,
    accountManager: c.accountManager,
    autoRenew: c.autoRenew,
    notes: c.notes,
  };
}

function customerKeyFor(db: ReadableDB, number: string, customerId: string): number {
  const r = db.prepare<[string], Pick<CustomerRow, 'id'>>('SELECT id FROM customers WHERE customer_id = ?').get(customerId);
  if (!r) throw new DomainError('UNKNOWN_CUSTOMER', `contract ${number}: no customer with id "${customerId}"`);
  return r.id;
}

function refuseTaken(db: ReadableDB, number: string): void {
  if (findContract(db, number))
    throw new DomainError('CONTRACT_EXISTS', `contract ${number}: the number is already used by another contract`);
}

/** Creates a draft (spec §8 terms rules apply; activation rules wait for `activate`). */
export function createContract(db: WritableDB, clock: ContractClock, input: CreateContractInput): Contract {
  const s = stamp(db, clock);
  const terms = withDefaults(input);
  refuseProblems(input.number, [...checkNumber(input.number), ...checkTerms(terms)]);
  return db.transaction(() => {
    const cust = customerKeyFor(db, input.number, input.customerId);
    refuseTaken(db, input.number);
    return insertDraft(db, s, { ...terms, number: input.number, cust, renewsId: null }, 'create', 'contract.create', null);
  })();
}

const TERM_NAMES: Record<keyof ContractTerms, string> = {
  start: 'start day',
  end: 'end day',
  commitmentFen: 'annual commitment',
  profitShare: 'profit share',
  coBrandingSlots: 'co-branding slots',
  inventoryHours: 'inventory guarantee',
  logisticsChannel: 'logistics channel',
  advisorySeat: 'advisory seat',
  accountManager: 'account manager',
  autoRenew: 'auto-renew',
  notes: 'notes',
};

/**
 * Changes terms. A draft can change any term (a renewal keeps its start, the day after its
 * predecessor ends); an active or suspended contract only its account manager, notes and auto-renew
 * (turning auto-renew off is how a person stops the next renewal); an ended one nothing. Terms equal
 * to the stored ones are no change and write nothing.
 */
export function updateContract(db: WritableDB, clock: ContractClock, number: string, changes: Partial<ContractTerms>): Contract {
  const s = stamp(db, clock);
  return db.transaction(() => {
    const before = loadContract(db, number);
    const current = termsOf(before);
    const next: ContractTerms = { ...current };
    for (const k of Object.keys(TERM_NAMES) as (keyof ContractTerms)[]) {
      if (changes[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = changes[k];
    }
    next.accountManager = text(next.accountManager);
    next.notes = text(next.notes);
    const changed = (Object.keys(TERM_NAMES) as (keyof ContractTerms)[]).filter((k) => next[k] !== current[k]);
    if (changed.length === 0) return before;
    if (before.status === 'expired' || before.status === 'terminated') {
      throw new DomainError('CONTRACT_FROZEN', `contract ${number}: it is ${before.status}; its terms can no longer change`);
    }
    if (before.status !== 'draft') {
      const frozen = changed.find((k) => !(ADMIN_TERMS as readonly string[]).includes(k));
      if (frozen) {
        throw new DomainError(
          'CONTRACT_FROZEN',
          `contract ${number}: it is ${before.status}; the ${TERM_NAMES[frozen]} is fixed once a contract is activated (only account manager, notes and auto-renew can change)`,
        );
      }
    }
    if (before.renewsId !== null && next.start !== before.start) {
      throw new DomainError(
        'RENEWAL_START',
        `contract ${number}: a renewal of ${before.renews} starts on ${before.start}, the day after its predecessor ends`,
      );
    }
    refuseProblems(number, checkTerms(next));
    const change: ContractChange = {};
    for (const k of changed) (change as Record<string, unknown>)[k] = next[k];
    return applyChange(db, s, before, change, 'update', null);
  })();
}

/** draft → active, for a supreme customer without another active or overlapping contract. */
export function activateContract(db: WritableDB, clock: ContractClock, number: string, reason: string | null = null): Contract {
  const s = stamp(db, clock);
  return db.transaction(() => {
    const c = loadContract(db, number);
    checkTransition(c, 'activate');
    checkActivation(db, c, s.today);
    return applyChange(
      db,
      s,
      c,
      c.attention === null ? { status: 'active' } : { status: 'active', attention: null },
      'activate',
      text(reason),
    );
  })();
}

/** active → suspended. */
export function suspendContract(db: WritableDB, clock: ContractClock, number: string, reason: string | null = null): Contract {
  const s = stamp(db, clock);
  return db.transaction(() => {
    const c = loadContract(db, number);
    checkTransition(c, 'suspend');
    return applyChange(db, s, c, { status: 'suspended' }, 'suspend', text(reason));
  })();
}

/** suspended → active; checks the supreme rule again, like activate. */
export function resumeContract(db: WritableDB, clock: ContractClock, number: string, reason: string | null = null): Contract {
  const s = stamp(db, clock);
  return db.transaction(() => {
    const c = loadContract(db, number);
    checkTransition(c, 'resume');
    checkActivation(db, c, s.today);
    return applyChange(db, s, c, { status: 'active' }, 'resume', text(reason));
  })();
}

/** draft | active | suspended → terminated, with a mandatory reason (a terminated draft is a cancelled one). */
export function terminateContract(db: WritableDB, clock: ContractClock, number: string, reason: string): Contract {
  const s = stamp(db, clock);
  return db.transaction(() => {
    const c = loadContract(db, number);
    checkTransition(c, 'terminate');
    const why = text(reason);
    if (!why) throw new DomainError('REASON_REQUIRED', `contract ${number}: a termination needs a reason`);
    return applyChange(db, s, c, { status: 'terminated', terminationReason: why }, 'terminate', why);
  })();
}

function checkRenewable(pred: StoredContract): void {
  if (pred.status === 'draft' || pred.status === 'terminated') {
    throw new DomainError(
      'CONTRACT_TRANSITION',
      `contract ${pred.number}: cannot renew a ${pred.status} contract; renew applies only to an active, suspended or expired contract`,
    );
  }
  if (pred.renewedBy) throw new DomainError('RENEWAL_EXISTS', `contract ${pred.number}: it already has the renewal ${pred.renewedBy}`);
}

/**
 * A renewal: a new draft for the same customer with the predecessor's terms (changed by `input`),
 * starting the day after the predecessor ends. The expiry run that expires the predecessor
 * activates it if the customer is supreme then.
 */
export function renewContract(db: WritableDB, clock: ContractClock, number: string, input: RenewContractInput): Contract {
  const s = stamp(db, clock);
  return db.transaction(() => {
    const pred = loadContract(db, number);
    checkRenewable(pred);
    const base = termsOf(pred);
    const terms: ContractTerms = { ...base };
    for (const k of Object.keys(TERM_NAMES) as (keyof ContractTerms)[]) {
      if (k !== 'start' && (input as Partial<ContractTerms>)[k] !== undefined)
        (terms as unknown as Record<string, unknown>)[k] = (input as Partial<ContractTerms>)[k];
    }
    terms.start = addDays(pred.end, 1);
    terms.accountManager = text(terms.accountManager);
    terms.notes = text(terms.notes);
    refuseProblems(input.newNumber, [...checkNumber(input.newNumber), ...checkTerms(terms)]);
    refuseTaken(db, input.newNumber);
    return insertDraft(
      db,
      s,
      { ...terms, number: input.newNumber, cust: pred.cust, renewsId: pred.id },
      'renew',
      'contract.renew',
      `renewal of ${pred.number}`,
      { renews: pred.number },
    );
  })();
}

/** The end of a renewal as long as its predecessor: whole months when the predecessor ran whole months, else days. */
export function sameLengthEnd(start: string, end: string, newStart: string): string {
  const endExclusive = addDays(end, 1);
  const months =
    (Number(endExclusive.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(endExclusive.slice(5, 7)) - Number(start.slice(5, 7));
  if (months > 0 && addMonths(start, months) === endExclusive) return addDays(addMonths(newStart, months), -1);
  return addDays(newStart, daysBetween(start, end));
}

/** `<number>-R<n>`: the renewal of `C-1` is `C-1-R1`, of `C-1-R1` is `C-1-R2`; a taken number moves n on. */
export function autoRenewalNumber(db: WritableDB, number: string): string {
  const m = /^(.*)-R(\d+)$/.exec(number);
  const base = m ? m[1]! : number;
  let n = m ? Number(m[2]) + 1 : 1;
  while (findContract(db, `${base}-R${n}`)) n++;
  return `${base}-R${n}`;
}

/** Auto-renew (inside the expiry run's transaction): same terms and length, numbered `<number>-R<n>`. */
export function createAutoRenewal(db: WritableDB, s: Stamp, pred: StoredContract): StoredContract {
  const start = addDays(pred.end, 1);
  const terms: ContractTerms = { ...termsOf(pred), start, end: sameLengthEnd(pred.start, pred.end, start) };
  const number = autoRenewalNumber(db, pred.number);
  return insertDraft(
    db,
    s,
    { ...terms, number, cust: pred.cust, renewsId: pred.id },
    'auto_renew',
    'contract.renew',
    `auto-renew of ${pred.number}`,
    {
      renews: pred.number,
      auto: true,
    },
  );
}
