/** Channels of one domain: import, exports, backups, audit log (issue 7). */
export const DATA_CHANNELS = {};
