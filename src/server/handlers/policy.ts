import type { POLICY_CHANNELS } from '../../shared/api/channels/policy';
import type { HandlersFor } from './types';

/** Handlers of the channels in src/shared/api/channels/policy.ts. */
export const handlers = {} satisfies HandlersFor<typeof POLICY_CHANNELS>;
