import type { DATA_CHANNELS } from '../../shared/api/channels/data';
import type { HandlersFor } from './types';

/** Handlers of the channels in src/shared/api/channels/data.ts. */
export const handlers = {} satisfies HandlersFor<typeof DATA_CHANNELS>;
