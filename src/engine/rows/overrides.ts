import type { Tier } from '@shared/tiers';
import type { OverrideView as Override } from '@shared/api/channels/customers';

/** A row of `overrides` (migration 001). */
export interface OverrideRow {
  id: number;
  cust: number;
  tier: Tier;
  reason: string;
  actor: string;
  set_on: string;
  set_at: number;
  until: string | null;
  cleared_on: string | null;
  cleared_by: string | null;
  cleared_reason: string | null;
}

export const toOverride = (r: OverrideRow): Override => ({
  id: r.id,
  tier: r.tier,
  reason: r.reason,
  actor: r.actor,
  setOn: r.set_on,
  until: r.until,
  clearedOn: r.cleared_on,
  clearedBy: r.cleared_by,
  clearedReason: r.cleared_reason,
});
