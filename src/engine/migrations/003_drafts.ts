import type { Migration } from './migration';

/**
 * Policy drafts of the studio. A draft is a working copy, not a policy: its document is kept as the
 * user left it (it may be half-edited and invalid), so it is only required to be a JSON object.
 * `based_on_version` is the active version it was started from (null for a preset).
 */
const SQL = `
CREATE TABLE drafts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  document TEXT NOT NULL CHECK (json_valid(document) AND json_type(document) = 'object'),
  based_on_version INTEGER REFERENCES policies(version),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  actor TEXT NOT NULL
) STRICT;
`;

export const migration003: Migration = {
  version: 3,
  name: 'drafts',
  up(db) {
    db.exec(SQL);
  },
};
