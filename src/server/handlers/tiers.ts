import { gmvShare, tierDistribution } from '../../engine/queries/dashboard';
import type { DomainHandlers } from './types';

export const handlers = {
  'tiers:distribution': async (_input, ctx) => tierDistribution(ctx.db),
  'tiers:gmvShare': async (_input, ctx) => gmvShare(ctx.db),
} satisfies DomainHandlers<'tiers'>;
