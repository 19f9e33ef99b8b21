import { RANKED_TIERS, type Tier } from '@shared/tiers';
import type { GmvShare } from '@shared/api';

export interface Concentration {
  /** Lowest tier of the group; the group is this tier and every tier above it. */
  from: Tier;
  /** True when the group is the top tier alone. */
  single: boolean;
  customers: number;
  customerShare: number;
  gmvFen: number;
  gmvShare: number;
}

/**
 * The seed-001 observation, measured: the widest top group (a tier and all tiers above it) that is
 * still under 1% of customers, with its share of GMV. When even the top non-empty tier is 1% or
 * more, that tier alone is reported, so the caption always states what the data shows.
 */
export function topConcentration(g: GmvShare): Concentration | null {
  if (g.totalCustomers === 0 || g.totalGmvFen === 0) return null;
  const byTier = new Map(g.tiers.map((t) => [t.tier, t]));
  let customers = 0;
  let gmvFen = 0;
  let best: Concentration | null = null;
  let top: Tier | null = null;
  for (const tier of [...RANKED_TIERS].reverse()) {
    const row = byTier.get(tier);
    if (!row || row.customers === 0) continue;
    top ??= tier;
    customers += row.customers;
    gmvFen += row.gmvFen;
    const group: Concentration = {
      from: tier,
      single: tier === top,
      customers,
      customerShare: customers / g.totalCustomers,
      gmvFen,
      gmvShare: gmvFen / g.totalGmvFen,
    };
    if (group.customerShare >= 0.01) return best ?? group;
    best = group;
  }
  return best;
}
