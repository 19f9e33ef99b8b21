import { getSetting, platformZone, SCHEMA_VERSION } from '../../engine/db';
import { lastEvaluation } from '../../engine/queries/dashboard';
import { todayIn } from '../../engine/time';
import { DEMO_SETTING } from '../../engine/demoDb';
import type { APP_CHANNELS } from '@shared/api/channels/app';
import type { HandlersFor } from './types';

export const handlers = {
  'app:info': async (_input, ctx) => {
    const zone = platformZone(ctx.db);
    return {
      dbPath: ctx.dbPath,
      demo: getSetting(ctx.db, DEMO_SETTING) === '1',
      mode: ctx.mode,
      zone,
      today: todayIn(zone, ctx.now()),
      schemaVersion: SCHEMA_VERSION,
      appVersion: ctx.appVersion,
      lastEvaluation: lastEvaluation(ctx.db),
    };
  },
} satisfies HandlersFor<typeof APP_CHANNELS>;
