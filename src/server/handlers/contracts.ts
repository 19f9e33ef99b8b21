import type { DB } from '../../engine/db';
import { platformZone } from '../../engine/db';
import { DomainError } from '../../engine/errors';
import { contractCustomer } from '../../engine/contracts/customerTier';
import { addDays, todayIn } from '../../engine/time';
import {
  activateContract,
  autoRenewalNumber,
  sameLengthEnd,
  checkNumber,
  checkTerms,
  contractDashboard,
  contractHistory,
  contractMonthlySpend,
  createContract,
  expiringDays,
  getContract,
  listContracts,
  renewContract,
  resumeContract,
  runContractExpiry,
  suspendContract,
  terminateContract,
  updateContract,
  DEFAULT_INVENTORY_HOURS,
  type ContractClock,
  type ContractTerms,
} from '../../engine/contracts/index';
import type {
  CONTRACT_CHANNELS,
  ContractDetail,
  ContractFormCheck,
  ContractFormField,
  ContractFormProblem,
} from '@shared/api/channels/contracts';
import type { HandlerContext } from '../context';
import type { HandlersFor } from './types';

const today = (ctx: HandlerContext): string => todayIn(platformZone(ctx.db), ctx.now());
const clock = (ctx: HandlerContext): ContractClock => ({ now: ctx.now, actor: ctx.actor });

function detail(ctx: HandlerContext, number: string): ContractDetail {
  const day = today(ctx);
  return {
    contract: getContract(ctx.db, number, day),
    history: contractHistory(ctx.db, number),
    monthly: contractMonthlySpend(ctx.db, number, day),
    today: day,
  };
}

function numberTaken(db: DB, number: string, day: string): boolean {
  try {
    getContract(db, number, day);
    return true;
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CONTRACT_NOT_FOUND') return false;
    throw e;
  }
}

/** `C-1` → `C-1-R1`, `C-1-R1` → `C-1-R2`, skipping numbers in use (the engine's auto-renew numbering). */
export const handlers = {
  'contracts:list': async (input, ctx) => listContracts(ctx.db, today(ctx), input),
  'contracts:ofCustomer': async (input, ctx) => listContracts(ctx.db, today(ctx), { customerId: input.customerId }),
  'contracts:get': async (input, ctx) => detail(ctx, input.number),
  'contracts:dashboard': async (_input, ctx) => ({ ...contractDashboard(ctx.db, today(ctx)), expiringDays: expiringDays(ctx.db) }),

  'contracts:check': async (input, ctx) => {
    const day = today(ctx);
    const given = new Set(Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined));
    // Placeholders for fields left out only feed checkTerms; their problems are dropped below.
    const terms: ContractTerms = {
      start: input.start ?? '',
      end: input.end ?? '',
      commitmentFen: input.commitmentFen ?? Number.NaN,
      profitShare: input.profitShare ?? 0,
      coBrandingSlots: input.coBrandingSlots ?? 0,
      inventoryHours: input.inventoryHours ?? DEFAULT_INVENTORY_HOURS,
      logisticsChannel: false,
      advisorySeat: false,
      accountManager: null,
      autoRenew: false,
      notes: null,
    };
    const problems: ContractFormProblem[] = checkTerms(terms).filter((p) => given.has(p.field));
    if (input.number !== undefined) {
      const own = checkNumber(input.number);
      problems.unshift(...own);
      if (own.length === 0 && input.number !== input.editing && numberTaken(ctx.db, input.number, day)) {
        problems.unshift({
          field: 'number',
          rule: 'number.taken',
          message: `contract ${input.number}: the number is already used by another contract`,
        });
      }
    }
    let customer: ContractFormCheck['customer'] = null;
    if (input.customerId !== undefined && input.customerId.trim() !== '') {
      customer = contractCustomer(ctx.db, input.customerId);
      if (!customer) problems.push({ field: 'customerId', rule: 'customer.unknown', message: `no customer with id "${input.customerId}"` });
    }
    const order: ContractFormField[] = [
      'number',
      'customerId',
      'start',
      'end',
      'commitmentFen',
      'profitShare',
      'coBrandingSlots',
      'inventoryHours',
    ];
    problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    return { problems, customer };
  },

  'contracts:renewalProposal': async (input, ctx) => {
    const day = today(ctx);
    const pred = getContract(ctx.db, input.number, day);
    if (!pred.actions.includes('renew')) {
      throw new DomainError(
        pred.renewedBy ? 'RENEWAL_EXISTS' : 'CONTRACT_TRANSITION',
        pred.renewedBy
          ? `contract ${pred.number}: it already has the renewal ${pred.renewedBy}`
          : `contract ${pred.number}: cannot renew a ${pred.status} contract; renew applies only to an active, suspended or expired contract`,
      );
    }
    const start = addDays(pred.end, 1);
    return {
      renews: pred.number,
      number: autoRenewalNumber(ctx.db, pred.number),
      customerId: pred.customerId,
      customerName: pred.customerName,
      customerTier: pred.customerTier,
      terms: {
        start,
        end: sameLengthEnd(pred.start, pred.end, start),
        commitmentFen: pred.commitmentFen,
        profitShare: pred.profitShare,
        coBrandingSlots: pred.coBrandingSlots,
        inventoryHours: pred.inventoryHours,
        logisticsChannel: pred.logisticsChannel,
        advisorySeat: pred.advisorySeat,
        accountManager: pred.accountManager,
        autoRenew: pred.autoRenew,
        notes: pred.notes,
      },
    };
  },

  'contracts:create': async (input, ctx) => detail(ctx, createContract(ctx.db, clock(ctx), input).number),
  'contracts:update': async (input, ctx) => detail(ctx, updateContract(ctx.db, clock(ctx), input.number, input.changes).number),
  'contracts:activate': async (input, ctx) => detail(ctx, activateContract(ctx.db, clock(ctx), input.number, input.reason ?? null).number),
  'contracts:suspend': async (input, ctx) => detail(ctx, suspendContract(ctx.db, clock(ctx), input.number, input.reason ?? null).number),
  'contracts:resume': async (input, ctx) => detail(ctx, resumeContract(ctx.db, clock(ctx), input.number, input.reason ?? null).number),
  'contracts:terminate': async (input, ctx) => detail(ctx, terminateContract(ctx.db, clock(ctx), input.number, input.reason).number),
  'contracts:renew': async (input, ctx) => {
    const { number, ...renewal } = input;
    return detail(ctx, renewContract(ctx.db, clock(ctx), number, renewal).number);
  },
  'contracts:expire': async (_input, ctx) => runContractExpiry(ctx.db, { today: today(ctx), now: ctx.now, actor: ctx.actor }),
} satisfies HandlersFor<typeof CONTRACT_CHANNELS>;
