import type { ReadableDB } from '../sql/connection';
import type { AuditFilter } from '../auditQuery';
import type { ContractFilter } from '../contracts/index';
import { instantFormatter, type ExportLang } from './csv';
import {
  exportAuditLog,
  exportContracts,
  exportCustomers,
  exportEvaluationRuns,
  exportTierHistory,
  type CustomerExportFilter,
  type HistoryExportFilter,
} from './tables';

export { BOM, neutralise, exportField, exportLine, type ExportLang } from './csv';
export {
  exportAuditLog,
  exportContracts,
  exportCustomers,
  exportEvaluationRuns,
  exportTierHistory,
  type CustomerExportFilter,
  type HistoryExportFilter,
} from './tables';

/** What a person can export from the console, with that page's filter. */
export type PeopleExport =
  | { kind: 'customers'; filter?: CustomerExportFilter }
  | { kind: 'tier-history'; filter?: HistoryExportFilter }
  | { kind: 'evaluation-runs' }
  | { kind: 'contracts'; today: string; filter?: ContractFilter }
  | { kind: 'audit'; filter?: AuditFilter };

export const EXPORT_KINDS = [
  'customers',
  'tier-history',
  'evaluation-runs',
  'contracts',
  'audit',
] as const satisfies readonly PeopleExport['kind'][];

/**
 * A CSV for people (UTF-8 with BOM, CRLF, headers and labels in `lang`, formula-like cells
 * neutralised) as string chunks: write each to the file or response as it comes. The filter is
 * checked before the first chunk, so a bad one throws from the first `next()`.
 */
export function exportCsv(db: ReadableDB, request: PeopleExport, lang: ExportLang): Generator<string> {
  switch (request.kind) {
    case 'customers':
      return exportCustomers(db, { lang, ...(request.filter ? { filter: request.filter } : {}) });
    case 'tier-history':
      return exportTierHistory(db, { lang, ...(request.filter ? { filter: request.filter } : {}) });
    case 'evaluation-runs':
      return exportEvaluationRuns(db, { lang });
    case 'contracts':
      return exportContracts(db, { lang, today: request.today, ...(request.filter ? { filter: request.filter } : {}) });
    case 'audit':
      return exportAuditLog(db, { lang, ...(request.filter ? { filter: request.filter } : {}) });
  }
}

/** A file name for the save dialog: `customers-20261123-1000.csv` (local time of `now` in `zone`). */
export function exportFileName(kind: PeopleExport['kind'], now: number, zone: string): string {
  const local = instantFormatter(zone)(now)!;
  return `${kind}-${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 16).replace(':', '')}.csv`;
}
