import { runsTrend } from '../../engine/queries/dashboard';
import type { RUN_CHANNELS } from '@shared/api/channels/runs';
import type { HandlersFor } from './types';

export const handlers = {
  'runs:trend': async (input, ctx) => runsTrend(ctx.db, input.limit),
} satisfies HandlersFor<typeof RUN_CHANNELS>;
