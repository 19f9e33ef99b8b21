/**
 * The pure part of the contract rules (no database): term validation for forms and imports, the
 * state machine, and the actions it allows. Safe to import from the renderer.
 */
import { isDate } from '../time';
import { formatFen } from '@shared/money';
import type { ContractTermsProblem as ContractProblem } from '@shared/api/channels/contracts';
import type { Contract, ContractAction, ContractStatus, ContractTerms } from './types';

export type { ContractProblem };

export const MAX_NUMBER_LENGTH = 64;
export const MAX_PROFIT_SHARE = 0.5;

/** Problems of a contract number (a create, an import row, a renewal's new number). */
export function checkNumber(number: string): ContractProblem[] {
  if (number.trim() === '') return [{ field: 'number', rule: 'number.required', message: 'a contract needs a number' }];
  // eslint-disable-next-line no-control-regex
  if (number !== number.trim() || number.length > MAX_NUMBER_LENGTH || /[\u0000-\u001f\u007f]/.test(number)) {
    return [
      {
        field: 'number',
        rule: 'number.format',
        message: `contract number "${number}" must be 1–${MAX_NUMBER_LENGTH} characters without surrounding spaces or control characters`,
      },
    ];
  }
  return [];
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Every broken rule of a set of terms (spec §8: end after start, profit share 0–50 %, commitment > 0). */
export function checkTerms(t: ContractTerms): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const startOk = isDate(t.start);
  const endOk = isDate(t.end);
  if (!startOk) problems.push({ field: 'start', rule: 'start.date', message: `start day "${t.start}" is not a date (YYYY-MM-DD)` });
  if (!endOk) problems.push({ field: 'end', rule: 'end.date', message: `end day "${t.end}" is not a date (YYYY-MM-DD)` });
  if (startOk && endOk && t.end <= t.start) {
    problems.push({ field: 'end', rule: 'end.afterStart', message: `the end day ${t.end} is not after the start day ${t.start}` });
  }
  if (!Number.isSafeInteger(t.commitmentFen) || t.commitmentFen <= 0) {
    const shown = Number.isSafeInteger(t.commitmentFen) ? `${formatFen(t.commitmentFen)} CNY` : String(t.commitmentFen);
    problems.push({
      field: 'commitmentFen',
      rule: 'commitment.positive',
      message: `the annual purchase commitment must be more than 0 CNY (got ${shown})`,
    });
  }
  if (!Number.isFinite(t.profitShare) || t.profitShare < 0 || t.profitShare > MAX_PROFIT_SHARE) {
    problems.push({
      field: 'profitShare',
      rule: 'profitShare.range',
      message: `profit share ${t.profitShare} is outside 0–${MAX_PROFIT_SHARE} (0–50 %)`,
    });
  }
  if (!isCount(t.coBrandingSlots)) {
    problems.push({
      field: 'coBrandingSlots',
      rule: 'coBrandingSlots.count',
      message: `co-branding slots ${t.coBrandingSlots} is not a whole number ≥ 0`,
    });
  }
  if (!isCount(t.inventoryHours)) {
    problems.push({
      field: 'inventoryHours',
      rule: 'inventoryHours.count',
      message: `inventory guarantee ${t.inventoryHours} h is not a whole number of hours ≥ 0`,
    });
  }
  return problems;
}

export type Transition = 'activate' | 'suspend' | 'resume' | 'terminate' | 'expire';

/** The state machine of spec §8; `expire` is done only by the expiry run. */
export const TRANSITIONS: Record<Transition, { from: readonly ContractStatus[]; to: ContractStatus }> = {
  activate: { from: ['draft'], to: 'active' },
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  terminate: { from: ['draft', 'active', 'suspended'], to: 'terminated' },
  expire: { from: ['active'], to: 'expired' },
};

/** Terms that may change after a draft is activated, until the contract ends. */
export const ADMIN_TERMS = ['accountManager', 'notes', 'autoRenew'] as const;

/** The actions the state machine allows for a contract now (the UI shows only these). */
export function allowedActions(c: Pick<Contract, 'status' | 'renewedBy'>): ContractAction[] {
  switch (c.status) {
    case 'draft':
      return ['update', 'activate', 'terminate'];
    case 'active':
      return c.renewedBy ? ['update', 'suspend', 'terminate'] : ['update', 'suspend', 'terminate', 'renew'];
    case 'suspended':
      return c.renewedBy ? ['update', 'resume', 'terminate'] : ['update', 'resume', 'terminate', 'renew'];
    case 'expired':
      return c.renewedBy ? [] : ['renew'];
    case 'terminated':
      return [];
  }
}
