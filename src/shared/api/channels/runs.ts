import { z } from 'zod';
import type { TrendPoint } from '../types';
import { channel } from '../define';

/** Evaluation runs over time (the dashboard trend). */
export const RUN_CHANNELS = {
  'runs:trend': channel<TrendPoint[]>()({
    kind: 'read',
    input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    summary: 'the latest evaluation run of each as-of date (oldest first, at most `limit`, default 365): assigned counts per tier',
  }),
};
