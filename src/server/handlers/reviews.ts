import { openReviewCount } from '../../engine/queries/dashboard';
import type { DomainHandlers } from './types';

export const handlers = {
  'reviews:count': async (_input, ctx) => ({ open: openReviewCount(ctx.db) }),
} satisfies DomainHandlers<'reviews'>;
