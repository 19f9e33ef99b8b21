import type { CUSTOMER_CHANNELS } from '../../shared/api/channels/customers';
import type { HandlersFor } from './types';

/** Handlers of the channels in src/shared/api/channels/customers.ts. */
export const handlers = {} satisfies HandlersFor<typeof CUSTOMER_CHANNELS>;
