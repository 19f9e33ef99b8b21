import type { ReadableDB } from '../sql/connection';
import { DomainError } from '../errors';
import { queryContracts, type StoredContract } from './store';
import { TRANSITIONS, type ContractProblem, type Transition } from './terms';

/** Throws the first problem as a one-line refusal naming the contract. */
export function refuseProblems(number: string, problems: ContractProblem[]): void {
  const p = problems[0];
  if (p) throw new DomainError('CONTRACT_INVALID', `contract ${number}: ${p.message}`, { field: p.field, rule: p.rule });
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

export function checkTransition(c: StoredContract, verb: Transition): void {
  const t = TRANSITIONS[verb];
  if (t.from.includes(c.status)) return;
  const allowed = t.from.length === 1 ? t.from[0]! : `${t.from.slice(0, -1).join(', ')} or ${t.from.at(-1)}`;
  throw new DomainError(
    'CONTRACT_TRANSITION',
    `contract ${c.number}: cannot ${verb} ${article(c.status)} contract; ${verb} applies only to ${article(allowed)} contract`,
    {
      status: c.status,
      action: verb,
    },
  );
}

/**
 * The rules a contract must pass to become active (activate, resume, a renewal activated by the
 * expiry run): the customer is `supreme`, has no other active contract, and no other active,
 * suspended or expired contract of theirs overlaps this period. A person cannot make a contract
 * active after its end day; the expiry run may, because it expires it again in the same run.
 */
export function checkActivation(db: ReadableDB, c: StoredContract, today: string, byExpiryRun = false): void {
  if (c.customerTier !== 'supreme') {
    throw new DomainError(
      'CONTRACT_NOT_SUPREME',
      `contract ${c.number}: customer ${c.customerId} is ${c.customerTier}, only a supreme customer can have an active contract`,
      {
        tier: c.customerTier,
      },
    );
  }
  if (!byExpiryRun && c.end < today) {
    throw new DomainError(
      'CONTRACT_ENDED',
      `contract ${c.number}: it ended on ${c.end}, before today ${today}; a contract cannot become active after its end day`,
    );
  }
  const others = queryContracts(
    db,
    "WHERE c.cust = ? AND c.id <> ? AND c.status IN ('active', 'suspended', 'expired') ORDER BY c.start_date, c.number",
    [c.cust, c.id],
  );
  const active = others.find((o) => o.status === 'active');
  if (active) {
    throw new DomainError(
      'CONTRACT_ONE_ACTIVE',
      `contract ${c.number}: customer ${c.customerId} already has the active contract ${active.number}; only one active contract per customer`,
      {
        other: active.number,
      },
    );
  }
  const overlap = others.find((o) => o.start <= c.end && c.start <= o.end);
  if (overlap) {
    throw new DomainError(
      'CONTRACT_OVERLAP',
      `contract ${c.number}: its period ${c.start}..${c.end} overlaps the ${overlap.status} contract ${overlap.number} (${overlap.start}..${overlap.end}) of customer ${c.customerId}; periods of active, suspended and expired contracts never overlap`,
      { other: overlap.number },
    );
  }
}
