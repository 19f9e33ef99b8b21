import type { EvaluationSummary } from '@shared/api/types';
import type { EVALUATION_CHANNELS } from '@shared/api/channels/evaluation';
import type { HandlersFor } from './types';

export const handlers = {
  // In the worker: the main thread (IPC, HTTP) stays responsive and reads go on meanwhile.
  'evaluation:run': async (input, ctx) =>
    (await ctx.jobs.run(
      { kind: 'evaluate', actor: ctx.actor, ...(input.asOf ? { asOf: input.asOf } : {}) },
      ctx.progress,
    )) as EvaluationSummary,
} satisfies HandlersFor<typeof EVALUATION_CHANNELS>;
