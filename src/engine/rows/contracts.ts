import type { Tier } from '@shared/tiers';
import type { Contract, ContractCause, ContractHistoryEntry, ContractStatus } from '../contracts/types';
import type { CustomerRow } from './customers';

/** A row of `contracts` (migration 002). */
export interface ContractRow {
  id: number;
  number: string;
  cust: number;
  status: ContractStatus;
  start_date: string;
  end_date: string;
  commitment_fen: number;
  profit_share: number;
  co_branding_slots: number;
  inventory_hours: number;
  logistics_channel: 0 | 1;
  advisory_seat: 0 | 1;
  account_manager: string | null;
  auto_renew: 0 | 1;
  notes: string | null;
  renews: number | null;
  attention: string | null;
  termination_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** A contract with its customer and links (SELECT_CONTRACT in contracts/store.ts). */
export interface ContractViewRow extends ContractRow {
  customer_code: CustomerRow['customer_id'];
  customer_name: CustomerRow['name'];
  tier: Tier;
  renews_number: string | null;
  renewed_by: string | null;
}

/** A contract with its customer and links; `cust` is the internal customer key. */
export type StoredContract = Contract & { cust: number; renewsId: number | null };

export function toContract(r: ContractViewRow): StoredContract {
  return {
    id: r.id,
    number: r.number,
    cust: r.cust,
    customerId: r.customer_code,
    customerName: r.customer_name,
    customerTier: r.tier,
    status: r.status,
    start: r.start_date,
    end: r.end_date,
    commitmentFen: r.commitment_fen,
    profitShare: r.profit_share,
    coBrandingSlots: r.co_branding_slots,
    inventoryHours: r.inventory_hours,
    logisticsChannel: r.logistics_channel === 1,
    advisorySeat: r.advisory_seat === 1,
    accountManager: r.account_manager,
    autoRenew: r.auto_renew === 1,
    notes: r.notes,
    renews: r.renews_number,
    renewsId: r.renews,
    renewedBy: r.renewed_by,
    attention: r.attention,
    terminationReason: r.termination_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A row of `contract_history` (migration 002, append-only). */
export interface ContractHistoryRow {
  id: number;
  contract: number;
  from_status: ContractStatus | null;
  to_status: ContractStatus;
  on_date: string;
  cause: ContractCause;
  actor: string;
  reason: string | null;
  at: number;
}

export const toContractHistoryEntry = (r: Omit<ContractHistoryRow, 'id' | 'contract'>): ContractHistoryEntry => ({
  from: r.from_status,
  to: r.to_status,
  on: r.on_date,
  cause: r.cause,
  actor: r.actor,
  reason: r.reason,
  at: r.at,
});
