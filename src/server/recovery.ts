import path from 'node:path';
import { DEFAULT_BACKUP_KEEP, backupFolder, listBackups, restoreBackup } from '../engine/backup';
import { diagnose } from '../engine/dbHealth';
import { DomainError } from '../engine/errors';
import { API_CHANNELS, isChannel, type AnyResult, type Channel } from '@shared/api/apiChannels';
import { DB_UNAVAILABLE, type DatabaseDiagnosis } from '@shared/api/channels/data';
import type { Dispatch } from './dispatcher';
import { toApiError, unknownChannel } from './errors';

export interface RecoveryOptions {
  /** The database that could not be opened. */
  dbPath: string;
  now: () => number;
  /** Recorded on a restore (no operator name can be read without the database). */
  actor: string;
  /** Makes `file` the console's database (opens it, switches every channel to it); throws a DomainError when it cannot. */
  open(file: string): void;
}

type RecoveryChannel = 'db:status' | 'db:open' | 'backup:list' | 'backup:restore';

/**
 * The dispatcher of a console whose database cannot be opened: it diagnoses the file, lists its
 * backups, restores one (the bad file is kept as a `.damaged` copy by restoreBackup, never deleted)
 * or opens another file; on success `open` switches the server to a working database. Every other
 * channel answers DB_UNAVAILABLE with the reason, which the console turns into its error screen.
 */
export function createRecoveryDispatch(opts: RecoveryOptions): Dispatch {
  const dbPath = path.resolve(opts.dbPath);
  let last: DatabaseDiagnosis = diagnose(dbPath);
  const handlersFor: { [C in RecoveryChannel]: (input: never) => Promise<unknown> } = {
    'db:status': async () => (last = diagnose(dbPath)),
    'backup:list': async () => ({ folder: backupFolder(dbPath), backups: listBackups(dbPath), keep: DEFAULT_BACKUP_KEEP }),
    'backup:restore': async (input: { name: string }) => {
      const outcome = await restoreBackup(dbPath, input.name, { actor: opts.actor, now: opts.now });
      opts.open(dbPath);
      return outcome;
    },
    'db:open': async (input: { path: string }) => {
      const file = path.resolve(input.path);
      const found = diagnose(file);
      if (!found.ok) throw new DomainError(found.problem!.code, found.problem!.message);
      opts.open(file);
      return found;
    },
  };
  const isRecovery = (c: Channel): c is RecoveryChannel => Object.prototype.hasOwnProperty.call(handlersFor, c);
  return async (channel, input): Promise<AnyResult> => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return { ok: false, error: unknownChannel(channel) };
    }
    if (!isRecovery(channel)) {
      return { ok: false, error: { code: DB_UNAVAILABLE, message: last.problem?.message ?? `${dbPath}: the database is not open` } };
    }
    try {
      const parsed = API_CHANNELS[channel].input.parse(input ?? {});
      return { ok: true, value: await handlersFor[channel](parsed as never) };
    } catch (e) {
      return { ok: false, error: toApiError(e, channel) };
    }
  };
}
