import type { ReadableDB } from '../sql/connection';
import { getSetting, platformZone } from '../db';
import { DomainError } from '../errors';
import { addDays, addMonths, daysBetween, startOfDate } from '../time';
import type { CommitmentProgress, Contract, ContractFlag } from './types';

export const EXPIRING_DAYS_SETTING = 'contracts.expiringDays';
export const DEFAULT_EXPIRING_DAYS = 30;

/** The `expiring` horizon in days (setting `contracts.expiringDays`, default 30). */
export function expiringDays(db: ReadableDB): number {
  const v = getSetting(db, EXPIRING_DAYS_SETTING);
  if (v === undefined) return DEFAULT_EXPIRING_DAYS;
  if (!/^\d+$/.test(v)) throw new DomainError('BAD_SETTING', `setting ${EXPIRING_DAYS_SETTING}: "${v}" is not a whole number of days`);
  return Number(v);
}

export interface ContractYear {
  year: number;
  first: string;
  last: string;
  days: number;
  fullDays: number;
}

/**
 * The contract year that contains `day` (spec §8): years start on the start day and on each
 * anniversary (a 29 February start has its anniversaries on 28 February); the last one stops at the
 * end day. A day after the end gives the last year; a day before the start gives null.
 */
export function contractYearAt(start: string, end: string, day: string): ContractYear | null {
  if (day < start) return null;
  const d = day > end ? end : day;
  // Anniversaries are always counted from the start day, never from the previous anniversary, so a
  // clamped 28 February does not drift the following years.
  let k = Number(d.slice(0, 4)) - Number(start.slice(0, 4));
  while (k > 0 && addMonths(start, 12 * k) > d) k--;
  while (addMonths(start, 12 * (k + 1)) <= d) k++;
  const first = addMonths(start, 12 * k);
  const next = addMonths(start, 12 * (k + 1));
  const nextLast = addDays(next, -1);
  const last = nextLast < end ? nextLast : end;
  return { year: k + 1, first, last, days: daysBetween(first, last) + 1, fullDays: daysBetween(first, next) };
}

/** Paid spend of a customer placed on the days first..last inclusive, in the platform time zone. */
export function paidSpendFen(db: ReadableDB, cust: number, first: string, last: string): number {
  const zone = platformZone(db);
  const r = db
    .prepare<[number, number, number], { s: number }>(
      "SELECT coalesce(sum(amount_fen), 0) AS s FROM orders WHERE cust = ? AND status = 'paid' AND placed_at >= ? AND placed_at < ?",
    )
    .get(cust, startOfDate(first, zone), startOfDate(addDays(last, 1), zone))!;
  return r.s;
}

/**
 * Commitment progress in the contract year containing `today` (spec §8). Progress is spend over the
 * year's commitment (pro rata for a shorter last year); elapsed share is the days elapsed including
 * today over the days of the year. `behind` compares spend × fullDays < commitment × elapsedDays,
 * which is progress < elapsedShare without rounding.
 */
export function commitmentProgress(
  db: ReadableDB,
  c: Pick<Contract, 'start' | 'end' | 'commitmentFen'> & { cust: number },
  today: string,
): CommitmentProgress | null {
  const y = contractYearAt(c.start, c.end, today);
  if (!y) return null;
  const upTo = today < y.last ? today : y.last;
  const spendFen = paidSpendFen(db, c.cust, y.first, upTo);
  const elapsedDays = daysBetween(y.first, upTo) + 1;
  const commitmentFen = (c.commitmentFen * y.days) / y.fullDays;
  return {
    ...y,
    commitmentFen,
    spendFen,
    progress: (spendFen * y.fullDays) / (c.commitmentFen * y.days),
    elapsedDays,
    elapsedShare: elapsedDays / y.days,
    behind: BigInt(spendFen) * BigInt(y.fullDays) < BigInt(c.commitmentFen) * BigInt(elapsedDays),
  };
}

/** Paid spend per calendar month (platform time zone) of the contract year containing `today`, up to today. */
export function monthlySpend(
  db: ReadableDB,
  c: Pick<Contract, 'start' | 'end'> & { cust: number },
  today: string,
): { month: string; spendFen: number }[] {
  const y = contractYearAt(c.start, c.end, today);
  if (!y) return [];
  const upTo = today < y.last ? today : y.last;
  const months: { month: string; spendFen: number }[] = [];
  let from = y.first;
  while (from <= upTo) {
    const nextMonth = addMonths(`${from.slice(0, 7)}-01`, 1);
    const monthLast = addDays(nextMonth, -1);
    const to = monthLast < upTo ? monthLast : upTo;
    months.push({ month: from.slice(0, 7), spendFen: paidSpendFen(db, c.cust, from, to) });
    from = nextMonth;
  }
  return months;
}

/**
 * Flags of spec §8. `expiring` and `at-risk` concern contracts in force (active or suspended);
 * `behind` only an active one inside its period. A renewal draft the expiry run could not activate
 * is `at-risk` until someone activates or cancels it.
 */
export function flagsOf(c: Contract, progress: CommitmentProgress | null, today: string, horizonDays: number): ContractFlag[] {
  const flags: ContractFlag[] = [];
  const inForce = c.status === 'active' || c.status === 'suspended';
  if (inForce && daysBetween(today, c.end) <= horizonDays) flags.push('expiring');
  if ((inForce && c.customerTier !== 'supreme') || (c.status === 'draft' && c.attention !== null)) flags.push('at-risk');
  if (c.status === 'active' && today >= c.start && today <= c.end && progress?.behind) flags.push('behind');
  return flags;
}
