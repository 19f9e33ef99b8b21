import type { AppInfo } from '../types';
import { channel, noInput } from '../define';

/** The console's own facts: database path, demo flag, mode, schema version, last evaluation. */
export const APP_CHANNELS = {
  'app:info': channel<AppInfo>()({
    kind: 'read',
    input: noInput,
    summary: 'database path, demo flag, mode, platform zone, today, schema version, last evaluation',
  }),
};
