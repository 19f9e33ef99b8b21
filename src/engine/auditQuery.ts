import type { ReadableDB } from './sql/connection';
import { toAuditEntry, type AuditLogRow } from './rows/audit';
import { count } from './sql/connection';
import { platformZone } from './db';
import { DomainError } from './errors';
import { addDays, isDate, startOfDate } from './time';
import type { AuditEntry as AuditRow, AuditPageResult as AuditPage } from '@shared/api/channels/data';

export type { AuditRow, AuditPage };

export interface AuditFilter {
  /** Exact operator name. */
  actor?: string;
  /** An action (`override.set`) or its family (`override` matches `override.set` and `override.clear`). */
  action?: string;
  /** `customer`, `policy`, `contract`, `data`, `database`, … */
  entity?: string;
  /** The changed thing's id (a customer id, a policy version, a contract number). */
  entityId?: string;
  /** First day, inclusive, `YYYY-MM-DD` in the platform time zone. */
  from?: string;
  /** Last day, inclusive, `YYYY-MM-DD` in the platform time zone. */
  to?: string;
}

export interface AuditQuery extends AuditFilter {
  offset?: number;
  /** At most MAX_AUDIT_PAGE (default 100). */
  limit?: number;
}

export const MAX_AUDIT_PAGE = 1000;

/** The WHERE clause of a filter (shared by the page query and the CSV export). */
export function auditWhere(db: ReadableDB, f: AuditFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.actor) {
    where.push('actor = ?');
    params.push(f.actor);
  }
  if (f.action) {
    where.push("(action = ? OR substr(action, 1, ?) = ? || '.')");
    params.push(f.action, f.action.length + 1, f.action);
  }
  if (f.entity) {
    where.push('entity = ?');
    params.push(f.entity);
  }
  if (f.entityId) {
    where.push('entity_id = ?');
    params.push(f.entityId);
  }
  const zone = platformZone(db);
  for (const [key, date] of [
    ['from', f.from],
    ['to', f.to],
  ] as const) {
    if (date === undefined || date === '') continue;
    if (!isDate(date)) throw new DomainError('BAD_DATE', `audit filter ${key}: "${date}" is not a date (YYYY-MM-DD)`);
    if (key === 'from') {
      where.push('at >= ?');
      params.push(startOfDate(date, zone));
    } else {
      where.push('at < ?');
      params.push(startOfDate(addDays(date, 1), zone));
    }
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** One page of the audit log, newest (last written) first, and the number of rows matching the filter. */
export function queryAudit(db: ReadableDB, q: AuditQuery = {}): AuditPage {
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE)
    throw new DomainError('BAD_LIMIT', `limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}`);
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('BAD_OFFSET', 'offset must be a whole number, 0 or more');
  const { sql, params } = auditWhere(db, q);
  const total = count(db, `SELECT count(*) AS n FROM audit_log ${sql}`, ...params);
  const rows = db
    .prepare<unknown[], AuditLogRow>(`SELECT * FROM audit_log ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...params, limit, offset)
    .map(toAuditEntry);
  return { rows, total };
}

/** The distinct actors, actions and entities in the log, sorted: the choices of the filter bar. */
export function auditFacets(db: ReadableDB): { actors: string[]; actions: string[]; entities: string[] } {
  const col = (c: 'actor' | 'action' | 'entity') =>
    db
      .prepare<[], { v: AuditLogRow[typeof c] }>(`SELECT DISTINCT ${c} AS v FROM audit_log ORDER BY v`)
      .all()
      .map((r) => r.v);
  return { actors: col('actor'), actions: col('action'), entities: col('entity') };
}
