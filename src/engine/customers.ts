import type { ReadableDB } from './sql/connection';
import { DomainError } from './errors';
import type { CustomerRow } from './rows/customers';

/** Internal key of a customer by the platform's id; unknown ids are a refusal. */
export function customerKey(db: ReadableDB, customerId: string): number {
  const r = db.prepare<[string], Pick<CustomerRow, 'id'>>('SELECT id FROM customers WHERE customer_id = ?').get(customerId);
  if (!r) throw new DomainError('UNKNOWN_CUSTOMER', `no customer with id "${customerId}"`);
  return r.id;
}
