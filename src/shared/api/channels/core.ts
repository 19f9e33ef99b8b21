import { z } from 'zod';
import type { AppInfo, EvaluationSummary, GmvShare, ReviewCount, Settings, TierDistribution, TrendPoint } from '../types';
import { channel, date, noInput } from '../define';

/** The console's own channels: app info, dashboard, evaluation, settings. */
export const CORE_CHANNELS = {
  'app:info': channel<AppInfo>()({
    kind: 'read',
    input: noInput,
    summary: 'database path, demo flag, mode, platform zone, today, schema version, last evaluation',
  }),
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
  'runs:trend': channel<TrendPoint[]>()({
    kind: 'read',
    input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    summary: 'the latest evaluation run of each as-of date (oldest first, at most `limit`, default 365): assigned counts per tier',
  }),
  'reviews:count': channel<ReviewCount>()({
    kind: 'read',
    input: noInput,
    summary: 'number of open reviews',
  }),
  'evaluation:run': channel<EvaluationSummary>()({
    kind: 'write',
    input: z.object({ asOf: date.optional() }).strict(),
    progress: true,
    summary: 'evaluates every customer as of a date (default today), off the main thread',
  }),
  'settings:get': channel<Settings>()({
    kind: 'read',
    input: noInput,
    summary: 'UI language and operator name',
  }),
  'settings:set': channel<Settings>()({
    kind: 'write',
    input: z
      .object({
        language: z.enum(['zh-CN', 'en']).optional(),
        operatorName: z.string().trim().min(1, { message: 'must not be empty' }).max(100).optional(),
      })
      .strict()
      .refine((v) => v.language !== undefined || v.operatorName !== undefined, { message: 'give language or operatorName' }),
    summary: 'changes the UI language and/or the operator name; returns the new settings',
  }),
};
