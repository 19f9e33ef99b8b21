import { audit } from '../../engine/audit';
import { getSetting, setSetting, type DB } from '../../engine/db';
import type { Settings } from '@shared/api/types';
import type { SETTINGS_CHANNELS } from '@shared/api/channels/settings';
import type { HandlersFor } from './types';

const LANGUAGE = 'ui.language';
const OPERATOR = 'operator.name';

export function operatorName(db: DB): string | null {
  return getSetting(db, OPERATOR) ?? null;
}

function readSettings(db: DB): Settings {
  return { language: getSetting(db, LANGUAGE) === 'en' ? 'en' : 'zh-CN', operatorName: operatorName(db) };
}

export const handlers = {
  'settings:get': async (_input, ctx) => readSettings(ctx.db),
  'settings:set': async (input, ctx) => {
    const db = ctx.db;
    db.transaction(() => {
      const before = readSettings(db);
      if (input.language !== undefined) setSetting(db, LANGUAGE, input.language);
      if (input.operatorName !== undefined) setSetting(db, OPERATOR, input.operatorName);
      const after = readSettings(db);
      if (before.operatorName !== after.operatorName) {
        // Under which name changes are recorded is itself an audited fact.
        audit(db, ctx.now(), {
          actor: after.operatorName ?? ctx.actor,
          action: 'settings.operator',
          entity: 'settings',
          entityId: OPERATOR,
          before: before.operatorName,
          after: after.operatorName,
        });
      }
    })();
    return readSettings(db);
  },
} satisfies HandlersFor<typeof SETTINGS_CHANNELS>;
