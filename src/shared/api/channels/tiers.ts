import type { GmvShare, TierDistribution } from '../types';
import { channel, noInput } from '../define';

/** The dashboard's tier figures: distribution and GMV share. */
export const TIER_CHANNELS = {
  'tiers:distribution': channel<TierDistribution>()({
    kind: 'read',
    input: noInput,
    summary: 'assigned customers per tier with their share',
  }),
  'tiers:gmvShare': channel<GmvShare>()({
    kind: 'read',
    input: noInput,
    summary: 'paid GMV of the 12 months up to the last evaluation per assigned tier: customer share vs GMV share',
  }),
};
