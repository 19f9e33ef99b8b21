import { runsTrend } from '../../engine/queries/dashboard';
import type { DomainHandlers } from './types';

export const handlers = {
  'runs:trend': async (input, ctx) => runsTrend(ctx.db, input.limit),
} satisfies DomainHandlers<'runs'>;
