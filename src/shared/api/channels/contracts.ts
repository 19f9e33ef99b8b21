/** Channels of one domain: Supreme partner contracts (issue 6). */
export const CONTRACT_CHANNELS = {};
