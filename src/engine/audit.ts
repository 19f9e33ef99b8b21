import type { WritableDB } from './sql/connection';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Appends one audit row; call it inside the transaction of the change it records. */
export function audit(db: WritableDB, at: number, e: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    at,
    e.actor,
    e.action,
    e.entity,
    e.entityId ?? null,
    json(e.before),
    json(e.after),
    json(e.details),
  );
}
