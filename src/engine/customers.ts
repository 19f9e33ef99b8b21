import type { DB } from './db';
import { DomainError } from './errors';

/** Internal key of a customer by the platform's id; unknown ids are a refusal. */
export function customerKey(db: DB, customerId: string): number {
  const r = db.prepare('SELECT id FROM customers WHERE customer_id = ?').get(customerId) as { id: number } | undefined;
  if (!r) throw new DomainError('UNKNOWN_CUSTOMER', `no customer with id "${customerId}"`);
  return r.id;
}
