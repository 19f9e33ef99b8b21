import { gmvShare, tierDistribution } from '../../engine/queries/dashboard';
import type { TIER_CHANNELS } from '@shared/api/channels/tiers';
import type { HandlersFor } from './types';

export const handlers = {
  'tiers:distribution': async (_input, ctx) => tierDistribution(ctx.db),
  'tiers:gmvShare': async (_input, ctx) => gmvShare(ctx.db),
} satisfies HandlersFor<typeof TIER_CHANNELS>;
