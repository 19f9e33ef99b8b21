import type { Migration } from './migration';

/**
 * `INSERT OR REPLACE` removes the old row without firing DELETE triggers (recursive triggers are
 * off), so the append-only tables also refuse an insert that would replace an existing row.
 */
const SQL = ['audit_log', 'tier_history', 'contract_history']
  .map(
    (t) => `CREATE TRIGGER ${t}_no_replace BEFORE INSERT ON ${t} WHEN EXISTS (SELECT 1 FROM ${t} WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '${t.replace('_', ' ')} is append-only'); END;`,
  )
  .join('\n');

export const migration004: Migration = {
  version: 4,
  name: 'append_only',
  up(db) {
    db.exec(SQL);
  },
};
