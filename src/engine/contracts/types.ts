import type { Tier } from '../../shared/tiers';

export const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'expired', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const isContractStatus = (s: string): s is ContractStatus => (CONTRACT_STATUSES as readonly string[]).includes(s);

export const CONTRACT_FLAGS = ['expiring', 'at-risk', 'behind'] as const;
export type ContractFlag = (typeof CONTRACT_FLAGS)[number];
export const isContractFlag = (s: string): s is ContractFlag => (CONTRACT_FLAGS as readonly string[]).includes(s);

/** What a person can do to a contract; `update` and `renew` are not status transitions. */
export type ContractAction = 'update' | 'activate' | 'suspend' | 'resume' | 'terminate' | 'renew';

/** Causes in the status history. */
export type ContractCause = 'create' | 'import' | 'renew' | 'auto_renew' | 'activate' | 'suspend' | 'resume' | 'terminate' | 'expire';

/**
 * When the action happens and who does it. `today` defaults to the date of `now()` in the platform
 * time zone (spec §2: actions outside an evaluation are dated today); the expiry run passes the
 * evaluation date.
 */
export interface ContractClock {
  now: () => number;
  today?: string;
  actor: string;
}

/** The negotiable terms of a contract (spec §8). Money is integer fen. */
export interface ContractTerms {
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

/** Terms a create needs; the optional ones default to 0 slots, 24 h, no, no, none, no, none. */
export type ContractTermsInput = Pick<ContractTerms, 'start' | 'end' | 'commitmentFen' | 'profitShare'> & Partial<ContractTerms>;

export interface CreateContractInput extends ContractTermsInput {
  number: string;
  /** The platform's customer id. */
  customerId: string;
}

export interface RenewContractInput extends Partial<Omit<ContractTerms, 'start'>> {
  newNumber: string;
  end: string;
}

export const DEFAULT_INVENTORY_HOURS = 24;

/** A stored contract. */
export interface Contract extends ContractTerms {
  id: number;
  number: string;
  customerId: string;
  customerName: string;
  /** The customer's assigned tier now (no assignment row: `none`). */
  customerTier: Tier;
  status: ContractStatus;
  /** Number of the contract this one renews. */
  renews: string | null;
  /** Number of the live (not terminated) renewal of this contract. */
  renewedBy: string | null;
  /** Why this renewal draft was not activated by the expiry run; cleared on activation. */
  attention: string | null;
  terminationReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The contract year (spec §8) that contains a day, and the commitment progress inside it. */
export interface CommitmentProgress {
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

export interface ContractView extends Contract {
  flags: ContractFlag[];
  /** null before the start day. */
  commitment: CommitmentProgress | null;
  /** The actions the state machine allows now. */
  actions: ContractAction[];
}

/** The contract as the CLI prints it (issue 6): money in CNY, shares and progress as fractions. */
export interface ContractJson {
  number: string;
  customerId: string;
  status: ContractStatus;
  start: string;
  end: string;
  annualCommitment: number;
  profitShare: number;
  coBrandingSlots: number;
  inventoryGuaranteeHours: number;
  logisticsChannel: boolean;
  advisorySeat: boolean;
  accountManager: string | null;
  autoRenew: boolean;
  renews: string | null;
  flags: ContractFlag[];
  commitmentProgress: number | null;
}

export interface ContractHistoryEntry {
  from: ContractStatus | null;
  to: ContractStatus;
  on: string;
  cause: ContractCause;
  actor: string;
  reason: string | null;
  at: number;
}

export interface ContractFilter {
  status?: ContractStatus;
  flag?: ContractFlag;
  /** Part of the number, the customer id or name, or the account manager (case-insensitive). */
  search?: string;
  /** Only this customer's contracts (platform id). */
  customerId?: string;
  /** By end day, ascending (default) or descending; ties by number. */
  sort?: 'end' | '-end';
}

export interface ExpiryResult {
  today: string;
  expired: string[];
  /** Renewals created by auto-renew. */
  renewed: string[];
  /** Renewals activated because their predecessor expired. */
  activated: string[];
  /** Renewal drafts left for a person, with the reason. */
  flagged: { number: string; reason: string }[];
}

export interface ContractDashboard {
  active: number;
  expiring: number;
  atRisk: number;
  behind: number;
}
