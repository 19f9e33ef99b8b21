import { z } from 'zod';
import type { EvaluationSummary } from '../types';
import { channel, date } from '../define';

/** Evaluating every customer (a long-running worker job). */
export const EVALUATION_CHANNELS = {
  'evaluation:run': channel<EvaluationSummary>()({
    kind: 'write',
    input: z.object({ asOf: date.optional() }).strict(),
    progress: true,
    summary: 'evaluates every customer as of a date (default today), off the main thread',
  }),
};
