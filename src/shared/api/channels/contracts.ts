import { z } from 'zod';
import type { Tier } from '../../tiers';
import { channel, date, noInput } from '../define';

/** Channels of one domain: Supreme partner contracts (issue 6, spec §8). */

// The shapes below cross the API boundary, so they live here (the renderer may import only
// src/shared); src/engine/contracts/types.ts imports them and adds only what stays inside the engine.

export type ContractStatus = 'draft' | 'active' | 'suspended' | 'expired' | 'terminated';
export type ContractFlag = 'expiring' | 'at-risk' | 'behind';
/** What a person can do to a contract; `update` and `renew` are not status transitions. */
export type ContractAction = 'update' | 'activate' | 'suspend' | 'resume' | 'terminate' | 'renew';
/** Causes in the status history. */
export type ContractCause = 'create' | 'import' | 'renew' | 'auto_renew' | 'activate' | 'suspend' | 'resume' | 'terminate' | 'expire';

export const CONTRACT_STATUS_LIST: readonly ContractStatus[] = ['draft', 'active', 'suspended', 'expired', 'terminated'];
export const CONTRACT_FLAG_LIST: readonly ContractFlag[] = ['expiring', 'at-risk', 'behind'];

/** The negotiable terms (spec §8). Money in integer fen, profit share as a fraction 0…0.5. */
export interface ContractTermsShape {
  start: string;
  end: string;
  commitmentFen: number;
  /** 0 … 0.5 */
  profitShare: number;
  coBrandingSlots: number;
  inventoryHours: number;
  logisticsChannel: boolean;
  advisorySeat: boolean;
  accountManager: string | null;
  autoRenew: boolean;
  notes: string | null;
}

/** The contract year (spec §8) that contains a day (today), and the commitment progress inside it. */
export interface ContractYearProgress {
  /** 1 for the year starting on the start day, 2 from the first anniversary, … */
  year: number;
  first: string;
  last: string;
  /** Days in this contract year (shorter than `fullDays` only for a last, shorter year). */
  days: number;
  /** Days from this year's anniversary to the next one (365 or 366). */
  fullDays: number;
  /** The commitment for this year, pro rata for a shorter year: commitment × days / fullDays (may have a fraction of a fen). */
  commitmentFen: number;
  /** Paid spend placed from the year's first day through min(today, last), in the platform time zone. */
  spendFen: number;
  /** spendFen / commitmentFen */
  progress: number;
  /** Days of the year elapsed including today. */
  elapsedDays: number;
  /** elapsedDays / days */
  elapsedShare: number;
  /** progress < elapsedShare, compared exactly. */
  behind: boolean;
}

/** A stored contract without its row id: terms, customer, status and links to renewals. */
export interface ContractRecord extends ContractTermsShape {
  number: string;
  /** The platform's customer id. */
  customerId: string;
  customerName: string;
  /** The customer's assigned tier now (no assignment row: `none`). */
  customerTier: Tier;
  status: ContractStatus;
  /** Number of the contract this one renews. */
  renews: string | null;
  /** Number of the live (not terminated) renewal of this contract. */
  renewedBy: string | null;
  /** Why the expiry run left this renewal as a draft (English, from the engine); cleared on activation. */
  attention: string | null;
  terminationReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A contract as the console shows it: terms, customer, flags, progress and the allowed actions. */
export interface ContractInfo extends ContractRecord {
  flags: ContractFlag[];
  /** null before the start day. */
  commitment: ContractYearProgress | null;
  /** The actions the state machine allows now. */
  actions: ContractAction[];
}

export interface ContractHistoryRow {
  from: ContractStatus | null;
  to: ContractStatus;
  on: string;
  cause: ContractCause;
  actor: string;
  reason: string | null;
  at: number;
}

/** Everything the contract view draws. */
export interface ContractDetail {
  contract: ContractInfo;
  /** Status history, oldest first. */
  history: ContractHistoryRow[];
  /** Paid spend per calendar month of the current contract year, up to today. */
  monthly: { month: string; spendFen: number }[];
  /** Today in the platform time zone, the day the flags and progress are computed for. */
  today: string;
}

/** The dashboard card: active contracts, and contracts carrying each flag. */
export interface ContractDashboardCounts {
  active: number;
  expiring: number;
  atRisk: number;
  behind: number;
  /** The `expiring` horizon in days (setting, default 30). */
  expiringDays: number;
}

/** Field a term rule's message belongs to. */
export type ContractTermsField = 'number' | 'start' | 'end' | 'commitmentFen' | 'profitShare' | 'coBrandingSlots' | 'inventoryHours';

/** One broken rule of a contract's terms (the engine's checkTerms/checkNumber), for inline form messages; `rule` is stable, `message` English. */
export interface ContractTermsProblem {
  field: ContractTermsField;
  rule:
    | 'number.required'
    | 'number.format'
    | 'start.date'
    | 'end.date'
    | 'end.afterStart'
    | 'commitment.positive'
    | 'profitShare.range'
    | 'coBrandingSlots.count'
    | 'inventoryHours.count';
  /** English, from the engine. */
  message: string;
}

/** Field a form message belongs to. */
export type ContractFormField = ContractTermsField | 'customerId';

/**
 * One broken rule for an inline form message. The engine's term rules (checkTerms/checkNumber) plus
 * the two a form also needs before saving: the number is free and the customer exists.
 */
export interface ContractFormProblem extends Omit<ContractTermsProblem, 'field' | 'rule'> {
  field: ContractFormField;
  rule: ContractTermsProblem['rule'] | 'number.taken' | 'customer.unknown';
}

export interface ContractFormCheck {
  problems: ContractFormProblem[];
  /** The customer named in the form, to show who it is and whether activation will be allowed. */
  customer: { customerId: string; name: string; tier: Tier } | null;
}

/** A renewal as the form pre-fills it: the predecessor's terms, the same length, the next number. */
export interface RenewalProposal {
  renews: string;
  number: string;
  customerId: string;
  customerName: string;
  customerTier: Tier;
  terms: ContractTermsShape;
}

export interface ContractExpiryRun {
  today: string;
  expired: string[];
  /** Renewals created by auto-renew. */
  renewed: string[];
  /** Renewals activated because their predecessor expired. */
  activated: string[];
  /** Renewal drafts left for a person, with the reason. */
  flagged: { number: string; reason: string }[];
}

// Inputs: bounds only; the rules themselves (with their stable codes) are the engine's.
const contractNumber = z.string().max(200);
const text = z.string().max(2000);
const fen = z.number().int();
const count = z.number().int();

const optionalTerms = {
  coBrandingSlots: count.optional(),
  inventoryHours: count.optional(),
  logisticsChannel: z.boolean().optional(),
  advisorySeat: z.boolean().optional(),
  accountManager: text.nullable().optional(),
  autoRenew: z.boolean().optional(),
  notes: text.nullable().optional(),
};

const reason = z.object({ number: contractNumber, reason: text.optional() }).strict();

export const CONTRACT_CHANNELS = {
  'contracts:list': channel<ContractInfo[]>()({
    kind: 'read',
    input: z
      .object({
        status: z.enum(['draft', 'active', 'suspended', 'expired', 'terminated']).optional(),
        flag: z.enum(['expiring', 'at-risk', 'behind']).optional(),
        search: z.string().max(200).optional(),
        sort: z.enum(['end', '-end']).optional(),
      })
      .strict(),
    summary: 'contracts by end day (or reversed), filtered by status, flag and a search in number, customer id or name and account manager',
  }),
  'contracts:ofCustomer': channel<ContractInfo[]>()({
    kind: 'read',
    input: z.object({ customerId: z.string().max(200) }).strict(),
    summary: "one customer's contracts by end day, every status, with flags and commitment progress (the customer file)",
  }),
  'contracts:get': channel<ContractDetail>()({
    kind: 'read',
    input: z.object({ number: contractNumber }).strict(),
    summary: 'one contract with its status history and the monthly paid spend of the current contract year',
  }),
  'contracts:dashboard': channel<ContractDashboardCounts>()({
    kind: 'read',
    input: noInput,
    summary: 'active contracts and contracts expiring, at risk and behind commitment (the dashboard card)',
  }),
  'contracts:check': channel<ContractFormCheck>()({
    kind: 'read',
    input: z
      .object({
        /** The contract being edited: its own number is not "taken". */
        editing: contractNumber.optional(),
        number: contractNumber.optional(),
        customerId: z.string().max(200).optional(),
        start: z.string().max(40).optional(),
        end: z.string().max(40).optional(),
        commitmentFen: z.number().optional(),
        profitShare: z.number().optional(),
        coBrandingSlots: z.number().optional(),
        inventoryHours: z.number().optional(),
      })
      .strict(),
    summary:
      'the rules the given form fields break (stable rule codes, English messages) and who the customer is; fields left out are not checked',
  }),
  'contracts:renewalProposal': channel<RenewalProposal>()({
    kind: 'read',
    input: z.object({ number: contractNumber }).strict(),
    summary: "a renewal's pre-filled terms: the predecessor's, starting the day after it ends, as long as it ran, numbered <number>-R<n>",
  }),
  'contracts:create': channel<ContractDetail>()({
    kind: 'write',
    input: z
      .object({
        number: contractNumber,
        customerId: z.string().max(200),
        start: date,
        end: date,
        commitmentFen: fen,
        profitShare: z.number(),
        ...optionalTerms,
      })
      .strict(),
    summary: 'creates a draft contract (money in fen, profit share as a fraction)',
  }),
  'contracts:update': channel<ContractDetail>()({
    kind: 'write',
    input: z
      .object({
        number: contractNumber,
        changes: z
          .object({
            start: date.optional(),
            end: date.optional(),
            commitmentFen: fen.optional(),
            profitShare: z.number().optional(),
            ...optionalTerms,
          })
          .strict(),
      })
      .strict(),
    summary: "changes a draft's terms; an active or suspended contract only its account manager, notes and auto-renew",
  }),
  'contracts:activate': channel<ContractDetail>()({
    kind: 'write',
    input: reason,
    summary: 'draft → active: the customer must be supreme, without another active or overlapping contract',
  }),
  'contracts:suspend': channel<ContractDetail>()({
    kind: 'write',
    input: reason,
    summary: 'active → suspended',
  }),
  'contracts:resume': channel<ContractDetail>()({
    kind: 'write',
    input: reason,
    summary: 'suspended → active: the customer must (still) be supreme',
  }),
  'contracts:terminate': channel<ContractDetail>()({
    kind: 'write',
    input: z.object({ number: contractNumber, reason: text }).strict(),
    summary: 'draft, active or suspended → terminated, with a mandatory reason (a terminated draft is a cancelled one)',
  }),
  'contracts:renew': channel<ContractDetail>()({
    kind: 'write',
    input: z
      .object({
        number: contractNumber,
        newNumber: contractNumber,
        end: date,
        commitmentFen: fen.optional(),
        profitShare: z.number().optional(),
        ...optionalTerms,
      })
      .strict(),
    summary: 'drafts the renewal of a contract, starting the day after it ends; returns the renewal',
  }),
  'contracts:expire': channel<ContractExpiryRun>()({
    kind: 'write',
    input: noInput,
    summary: 'runs contract expiry for today: expires ended contracts, activates or auto-creates renewals',
  }),
};
