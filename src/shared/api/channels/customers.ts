/** Channels of one domain: customer list and file, overrides, review queue (issue 5). */
export const CUSTOMER_CHANNELS = {};
