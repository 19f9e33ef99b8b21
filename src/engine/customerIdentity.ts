import type { DB } from './db';

export interface CustomerIdentity {
  realnameVerified: boolean;
  phoneVerified: boolean;
  /** Epoch ms, or null when the import had none. */
  registeredAt: number | null;
}

/** The identity facts of a customer (by its row key, see customerKey) that its file shows. */
export function customerIdentity(db: DB, key: number): CustomerIdentity {
  const c = db.prepare('SELECT realname_verified, phone_verified, registered_at FROM customers WHERE id = ?').get(key) as {
    realname_verified: number;
    phone_verified: number;
    registered_at: number | null;
  };
  return { realnameVerified: c.realname_verified === 1, phoneVerified: c.phone_verified === 1, registeredAt: c.registered_at };
}
