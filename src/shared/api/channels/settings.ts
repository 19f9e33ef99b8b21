import { z } from 'zod';
import type { Settings } from '../types';
import { channel, noInput } from '../define';

/** UI language and operator name. */
export const SETTINGS_CHANNELS = {
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
