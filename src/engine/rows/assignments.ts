import type { Tier } from '@shared/tiers';
import type { AssignmentView as Assignment, HistoryView as HistoryEntry } from '@shared/api/channels/customers';

/** A row of `assignments` (migration 001): what the customer has. */
export interface AssignmentRow {
  cust: number;
  tier: Tier;
  computed_tier: Tier;
  pending_tier: Tier | null;
  protected_until: string | null;
  since: string | null;
  override_id: number | null;
}

export const NO_ASSIGNMENT: Assignment = {
  tier: 'none',
  computedTier: 'none',
  pendingTier: null,
  protectedUntil: null,
  since: null,
  overrideId: null,
};

export const toAssignment = (r: Omit<AssignmentRow, 'cust'>): Assignment => ({
  tier: r.tier,
  computedTier: r.computed_tier,
  pendingTier: r.pending_tier,
  protectedUntil: r.protected_until,
  since: r.since,
  overrideId: r.override_id,
});

/** A row of `tier_history` (migration 001, append-only). */
export interface TierHistoryRow {
  id: number;
  cust: number;
  from_tier: Tier;
  to_tier: Tier;
  on_date: string;
  cause: HistoryEntry['cause'];
  policy_version: number | null;
  actor: string;
  reason: string | null;
  at: number;
}

export const toHistoryEntry = (r: Omit<TierHistoryRow, 'id' | 'cust' | 'at'>): HistoryEntry => ({
  from: r.from_tier,
  to: r.to_tier,
  date: r.on_date,
  cause: r.cause,
  policyVersion: r.policy_version,
  actor: r.actor,
  reason: r.reason,
});
