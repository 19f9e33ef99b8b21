import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { WritableDB } from '../sql/connection';
import type { CustomerRow } from '../rows/customers';
import { DomainError } from '../errors';
import { isDate } from '../time';
import { parseCnyToFen } from '@shared/money';
import type { ContractClock, ContractTerms } from './types';
import { DEFAULT_INVENTORY_HOURS } from './types';
import { findContract, insertDraft, stamp } from './store';
import { checkNumber, checkTerms, type ContractProblem } from './terms';

/** Columns of a contracts CSV: the create options with `_` for `-`. */
export const CONTRACT_COLUMNS = [
  'number',
  'customer',
  'start',
  'end',
  'commitment',
  'profit_share',
  'co_branding_slots',
  'inventory_hours',
  'logistics_channel',
  'advisory_seat',
  'manager',
  'auto_renew',
  'notes',
] as const;
const REQUIRED = ['number', 'customer', 'start', 'end', 'commitment', 'profit_share'] as const;
const MAX_LISTED = 100;

const FIELD_COLUMN: Record<ContractProblem['field'], string> = {
  number: 'number',
  start: 'start',
  end: 'end',
  commitmentFen: 'commitment',
  profitShare: 'profit_share',
  coBrandingSlots: 'co_branding_slots',
  inventoryHours: 'inventory_hours',
};

class RowError extends Error {
  constructor(
    readonly column: string,
    reason: string,
  ) {
    super(reason);
  }
}

const FRACTION_RE = /^\d+(?:\.\d+)?$/;

function parseBool(column: string, v: string): boolean {
  const t = v.trim().toLowerCase();
  if (t === '' || t === 'false' || t === '0') return false;
  if (t === 'true' || t === '1') return true;
  throw new RowError(column, `"${v}" is not a boolean (true, false, 1, 0)`);
}

function parseCount(column: string, v: string, fallback: number): number {
  const t = v.trim();
  if (t === '') return fallback;
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new RowError(column, `"${v}" is not a whole number`);
  return Number(t);
}

interface ParsedRow {
  line: number;
  number: string;
  cust: number;
  terms: ContractTerms;
}

/** 1-based physical line where each record starts: records report where they end, and quoted fields may span lines. */
function recordLines(buf: Buffer, records: { info: { bytes: number } }[]): number[] {
  const lines: number[] = [];
  let pos = 0;
  let line = 1;
  let prevEnd = 0;
  for (const r of records) {
    let start = prevEnd;
    while (start < buf.length && (buf[start] === 0x0a || buf[start] === 0x0d)) start++;
    for (; pos < start; pos++) if (buf[pos] === 0x0a) line++;
    lines.push(line);
    prevEnd = r.info.bytes;
  }
  return lines;
}

/**
 * Imports contracts from CSV as drafts, all-or-nothing (spec §9): every bad row is reported as
 * `file:line: column: reason` (the first 100, then a count) and nothing is written. A number that
 * already exists, or appears twice in the file, is a row error.
 */
export function importContractsCsv(db: WritableDB, clock: ContractClock, name: string, data: Buffer): { created: string[] } {
  const s = stamp(db, clock);
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(data, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new DomainError('IMPORT_REJECTED', `${name}:${err.lines ?? 1}: csv: ${err.message}; nothing was imported`);
  }
  const lines = recordLines(data, records);
  const header = (records[0]?.record ?? []).map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DomainError(
      'IMPORT_REJECTED',
      [...missing.map((c) => `${name}:1: ${c}: missing column`), `${name}: nothing was imported`].join('\n'),
    );
  }
  const index = new Map<string, number>();
  for (const c of CONTRACT_COLUMNS) if (header.includes(c)) index.set(c, header.indexOf(c));

  const errors: string[] = [];
  const rows: ParsedRow[] = [];
  const seen = new Map<string, number>();
  const customers = db.prepare<[string], Pick<CustomerRow, 'id'>>('SELECT id FROM customers WHERE customer_id = ?');
  for (let i = 1; i < records.length; i++) {
    const line = lines[i]!;
    const rec = records[i]!.record;
    const cell = (c: (typeof CONTRACT_COLUMNS)[number]) => {
      const k = index.get(c);
      return k === undefined ? '' : (rec[k] ?? '');
    };
    try {
      for (const c of REQUIRED) if (cell(c).trim() === '') throw new RowError(c, 'empty value');
      const number = cell('number').trim();
      const numberProblem = checkNumber(number)[0];
      if (numberProblem) throw new RowError('number', numberProblem.message);
      const first = seen.get(number);
      if (first !== undefined) throw new RowError('number', `contract ${number} appears twice in the file (first on line ${first})`);
      seen.set(number, line);
      if (findContract(db, number)) throw new RowError('number', `contract ${number} already exists`);
      const customerId = cell('customer').trim();
      const cust = customers.get(customerId)?.id;
      if (cust === undefined) throw new RowError('customer', `unknown customer "${customerId}"`);
      const start = cell('start').trim();
      if (!isDate(start)) throw new RowError('start', `"${start}" is not a date (YYYY-MM-DD)`);
      const end = cell('end').trim();
      if (!isDate(end)) throw new RowError('end', `"${end}" is not a date (YYYY-MM-DD)`);
      const commitmentFen = parseCnyToFen(cell('commitment'));
      if (commitmentFen === null) throw new RowError('commitment', `"${cell('commitment')}" is not an amount in CNY`);
      const share = cell('profit_share').trim();
      if (!FRACTION_RE.test(share)) throw new RowError('profit_share', `"${share}" is not a fraction (0 to 0.5)`);
      const manager = cell('manager').trim();
      const notes = cell('notes').trim();
      const terms: ContractTerms = {
        start,
        end,
        commitmentFen,
        profitShare: Number(share),
        coBrandingSlots: parseCount('co_branding_slots', cell('co_branding_slots'), 0),
        inventoryHours: parseCount('inventory_hours', cell('inventory_hours'), DEFAULT_INVENTORY_HOURS),
        logisticsChannel: parseBool('logistics_channel', cell('logistics_channel')),
        advisorySeat: parseBool('advisory_seat', cell('advisory_seat')),
        accountManager: manager || null,
        autoRenew: parseBool('auto_renew', cell('auto_renew')),
        notes: notes || null,
      };
      const problem = checkTerms(terms)[0];
      if (problem) throw new RowError(FIELD_COLUMN[problem.field], problem.message);
      rows.push({ line, number, cust, terms });
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      errors.push(`${name}:${line}: ${e.column}: ${e.message}`);
    }
  }
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_LISTED);
    if (errors.length > MAX_LISTED) listed.push(`… and ${errors.length - MAX_LISTED} more bad rows`);
    listed.push(`${name}: ${errors.length} bad row${errors.length === 1 ? '' : 's'}; nothing was imported`);
    throw new DomainError('IMPORT_REJECTED', listed.join('\n'), { badRows: errors.length });
  }
  return db.transaction(() => {
    const created: string[] = [];
    for (const r of rows) {
      insertDraft(db, s, { ...r.terms, number: r.number, cust: r.cust, renewsId: null }, 'import', 'contract.import', null, {
        file: name,
        line: r.line,
      });
      created.push(r.number);
    }
    return { created };
  })();
}

/** Reads a contracts CSV file and imports it (see importContractsCsv). */
export function importContractsFile(db: WritableDB, clock: ContractClock, file: string): { created: string[] } {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    throw new DomainError('FILE_UNREADABLE', `${file}: cannot read the file (${(e as Error).message})`);
  }
  return importContractsCsv(db, clock, file, data);
}
