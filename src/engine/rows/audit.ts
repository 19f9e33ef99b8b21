import type { AuditEntry } from '@shared/api/channels/data';

/** A row of `audit_log` (migration 001, append-only); before, after and details are JSON. */
export interface AuditLogRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  details: string | null;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export const toAuditEntry = (r: AuditLogRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: parse(r.before),
  after: parse(r.after),
  details: parse(r.details),
});
