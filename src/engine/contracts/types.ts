import type {
  ContractAction,
  ContractCause,
  ContractDashboardCounts,
  ContractExpiryRun,
  ContractFlag,
  ContractHistoryRow,
  ContractInfo,
  ContractRecord,
  ContractStatus,
  ContractTermsShape,
  ContractYearProgress,
} from '@shared/api/channels/contracts';

// The public shapes live in src/shared/api/channels/contracts.ts; the engine's names for them:
export type {
  ContractAction,
  ContractCause,
  ContractFlag,
  ContractStatus,
  ContractTermsShape as ContractTerms,
  ContractYearProgress as CommitmentProgress,
  ContractHistoryRow as ContractHistoryEntry,
  ContractExpiryRun as ExpiryResult,
};

export const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'expired', 'terminated'] as const satisfies readonly ContractStatus[];
export const isContractStatus = (s: string): s is ContractStatus => (CONTRACT_STATUSES as readonly string[]).includes(s);

export const CONTRACT_FLAGS = ['expiring', 'at-risk', 'behind'] as const satisfies readonly ContractFlag[];
export const isContractFlag = (s: string): s is ContractFlag => (CONTRACT_FLAGS as readonly string[]).includes(s);

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

/** Terms a create needs; the optional ones default to 0 slots, 24 h, no, no, none, no, none. */
export type ContractTermsInput = Pick<ContractTermsShape, 'start' | 'end' | 'commitmentFen' | 'profitShare'> & Partial<ContractTermsShape>;

export interface CreateContractInput extends ContractTermsInput {
  number: string;
  /** The platform's customer id. */
  customerId: string;
}

export interface RenewContractInput extends Partial<Omit<ContractTermsShape, 'start'>> {
  newNumber: string;
  end: string;
}

export const DEFAULT_INVENTORY_HOURS = 24;

/** A stored contract: the public record plus its row id. */
export interface Contract extends ContractRecord {
  id: number;
}

export interface ContractView extends ContractInfo {
  id: number;
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

/** The dashboard card's counts; the handler adds the `expiring` horizon. */
export type ContractDashboard = Omit<ContractDashboardCounts, 'expiringDays'>;
