import type { WritableDB } from '../sql/connection';
import { DomainError } from '../errors';
import type { ExpiryResult } from './types';
import { applyChange, loadContract, queryContracts, stamp } from './store';
import { checkActivation } from './rules';
import { createAutoRenewal } from './lifecycle';

export interface ExpiryOptions {
  /** The day of the run: the evaluation date, or today for an on-demand run. */
  today: string;
  now: () => number;
  actor: string;
}

/**
 * The expiry run (spec §8), one transaction: every active contract whose end day is before `today`
 * becomes `expired` (it was in force through its end day). Its renewal — an existing draft, or one
 * auto-renew creates when there is none — is activated if the rules of activation hold now;
 * otherwise it stays a draft and is flagged with the rule that stopped it. A renewal that has itself
 * ended by `today` expires (and renews) in the same run, so a late run catches up.
 */
export function runContractExpiry(db: WritableDB, opts: ExpiryOptions): ExpiryResult {
  const s = stamp(db, opts);
  const result: ExpiryResult = { today: s.today, expired: [], renewed: [], activated: [], flagged: [] };
  db.transaction(() => {
    for (;;) {
      const due = queryContracts(db, "WHERE c.status = 'active' AND c.end_date < ? ORDER BY c.end_date, c.number", [s.today]);
      if (due.length === 0) break;
      for (const c of due) {
        const expired = applyChange(db, s, c, { status: 'expired' }, 'expire', `ended on ${c.end}`);
        result.expired.push(expired.number);
        let renewal = expired.renewedBy ? loadContract(db, expired.renewedBy) : null;
        if (!renewal && expired.autoRenew) {
          renewal = createAutoRenewal(db, s, expired);
          result.renewed.push(renewal.number);
        }
        if (!renewal || renewal.status !== 'draft') continue;
        try {
          checkActivation(db, renewal, s.today, true);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          applyChange(db, s, renewal, { attention: e.message }, 'flag', null, { renews: expired.number });
          result.flagged.push({ number: renewal.number, reason: e.message });
          continue;
        }
        applyChange(
          db,
          s,
          renewal,
          { status: 'active', attention: null },
          'activate',
          `renewal of ${expired.number}, activated by the expiry run`,
        );
        result.activated.push(renewal.number);
      }
    }
  })();
  return result;
}
