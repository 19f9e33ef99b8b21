import type { CONTRACT_CHANNELS } from '../../shared/api/channels/contracts';
import type { HandlersFor } from './types';

/** Handlers of the channels in src/shared/api/channels/contracts.ts. */
export const handlers = {} satisfies HandlersFor<typeof CONTRACT_CHANNELS>;
