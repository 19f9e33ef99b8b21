import type { DB } from '../db';
import { getAssignment } from '../assignments';
import type { ContractFormCheck } from '@shared/api/channels/contracts';

/** The customer a contract form names (by its customer id), with the tier assigned today; null when there is none. */
export function contractCustomer(db: DB, customerId: string): ContractFormCheck['customer'] {
  const r = db.prepare('SELECT id, name FROM customers WHERE customer_id = ?').get(customerId) as { id: number; name: string } | undefined;
  return r ? { customerId, name: r.name, tier: getAssignment(db, r.id).tier } : null;
}
