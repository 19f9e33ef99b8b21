import type { WritableDB } from '../sql/connection';
import { count } from '../sql/connection';
import type { TimestampParser } from '../time';
import { parseCnyToFen } from '@shared/money';
import { KeySet, type StringMap } from './collections';
import type { RowInfo } from './csv';
import { parseBool, parsePoints, reasons, show } from './fields';

export type Kind = 'customers' | 'orders' | 'referrals' | 'contributions';

/** The order files are imported in: every later file refers to customers. */
export const KINDS: readonly Kind[] = ['customers', 'orders', 'referrals', 'contributions'];

/** The columns of spec §9 (header names; order free, other columns ignored). */
export const COLUMNS: Record<Kind, { required: readonly string[]; optional: readonly string[] }> = {
  customers: { required: ['customer_id', 'name', 'kind', 'realname_verified', 'phone_verified', 'registered_at'], optional: [] },
  orders: { required: ['order_id', 'customer_id', 'placed_at', 'amount', 'status'], optional: ['category'] },
  referrals: { required: ['referrer_id', 'referred_id', 'referred_at'], optional: [] },
  contributions: { required: ['customer_id', 'kind', 'points', 'at'], optional: [] },
};

/**
 * What the CSV reader does per row besides parsing (on its worker thread): the key columns it
 * checks for repeats and the columns it looks up in the customer table. A contribution's key holds
 * the instant of `at`, so that one is checked here.
 */
export const READ: Record<Kind, { keyColumns: string[]; lookupColumns: string[] }> = {
  customers: { keyColumns: ['customer_id'], lookupColumns: [] },
  orders: { keyColumns: ['order_id'], lookupColumns: ['customer_id'] },
  referrals: { keyColumns: ['referrer_id', 'referred_id'], lookupColumns: ['referrer_id', 'referred_id'] },
  contributions: { keyColumns: [], lookupColumns: ['customer_id'] },
};

/** The customer table's value for a customer whose row is known but not written (a bad row, or after one). */
export const NOT_WRITTEN = -1;

export const CUSTOMER_KINDS = ['individual', 'enterprise'] as const;
export const ORDER_STATUSES = ['paid', 'refunded'] as const;

export interface ImportState {
  db: WritableDB;
  ts: TimestampParser;
  /** customer_id → customers.id for the database and this import's customers file (or NOT_WRITTEN). */
  customers: StringMap;
  /** The customers file of this import was not read to its end, so an id missing from `customers` may be in it. */
  customersIncomplete: boolean;
  /** Rows are written until the first bad row; after it they are only checked (everything rolls back). */
  writing: boolean;
  bad(line: number, column: string, reason: string): void;
}

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface KindImporter {
  row(fields: string[], line: number, info: RowInfo): void;
  /** Counts once every row is in; only meaningful when no row was bad. */
  finish(rows: number): Counts;
}

/** Starts importing one file whose header gave `col` (column name → index). */
export function startKind(kind: Kind, st: ImportState, col: Map<string, number>): KindImporter {
  switch (kind) {
    case 'customers':
      return customers(st, col);
    case 'orders':
      return orders(st, col);
    case 'referrals':
      return referrals(st, col);
    case 'contributions':
      return contributions(st, col);
  }
}

function customers(st: ImportState, col: Map<string, number>): KindImporter {
  const [iId, iName, iKind, iReal, iPhone, iReg] = COLUMNS.customers.required.map((c) => col.get(c)!) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Whether a customer is new is known from the map, so inserted/updated come straight from each run.
  const upsert = st.db.prepare(
    `INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified, registered_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, realname_verified = excluded.realname_verified,
       phone_verified = excluded.phone_verified, registered_at = excluded.registered_at
     WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind OR realname_verified IS NOT excluded.realname_verified
       OR phone_verified IS NOT excluded.phone_verified OR registered_at IS NOT excluded.registered_at`,
  );
  let inserted = 0;
  let updated = 0;
  return {
    row(f, line, info) {
      const id = f[iId]!;
      if (id === '') return st.bad(line, 'customer_id', reasons.empty);
      if (info.firstLine) return st.bad(line, 'customer_id', reasons.twice('customer', show(id), info.firstLine));
      const existing = st.customers.get(id);
      // Known from here on even if the row is bad, so its orders are not also reported as orders of an unknown customer.
      if (existing === undefined) st.customers.set(id, NOT_WRITTEN);
      const kind = f[iKind]!.trim();
      if (kind !== 'individual' && kind !== 'enterprise') return st.bad(line, 'kind', reasons.oneOf(f[iKind]!, CUSTOMER_KINDS));
      const real = parseBool(f[iReal]!);
      if (real === undefined) return st.bad(line, 'realname_verified', reasons.bool(f[iReal]!));
      const phone = parseBool(f[iPhone]!);
      if (phone === undefined) return st.bad(line, 'phone_verified', reasons.bool(f[iPhone]!));
      const regText = f[iReg]!;
      const reg = regText.trim() === '' ? null : st.ts.parse(regText);
      if (reg === null && regText.trim() !== '') return st.bad(line, 'registered_at', reasons.timestamp(regText));
      if (!st.writing) return;
      const r = upsert.run(id, f[iName]!, kind, real, phone, reg);
      if (existing === undefined) {
        st.customers.set(id, Number(r.lastInsertRowid));
        inserted++;
      } else if (r.changes > 0) updated++;
    },
    finish: (rows) => ({ inserted, updated, unchanged: rows - inserted - updated }),
  };
}

/**
 * Counting for upserts by key: `changes` is 1 for an insert or a real update and 0 for an unchanged
 * row, so inserted = rows after − rows before and updated = changes − inserted. Into an empty
 * table every row is an insert (duplicates inside the file are refused before they are written), so
 * the plain INSERT is used there: an upsert costs an extra key lookup per row.
 */
function upserting(db: WritableDB, table: string, insert: string, conflict: string) {
  const empty = db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined;
  const stored = () => count(db, `SELECT count(*) AS n FROM ${table}`);
  const before = empty ? 0 : stored();
  return {
    stmt: db.prepare(empty ? insert : `${insert} ${conflict}`),
    counts(changes: number, rows: number): Counts {
      const inserted = empty ? changes : stored() - before;
      return { inserted, updated: changes - inserted, unchanged: rows - changes };
    },
  };
}

function orders(st: ImportState, col: Map<string, number>): KindImporter {
  const [iId, iCust, iPlaced, iAmount, iStatus] = COLUMNS.orders.required.map((c) => col.get(c)!) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const iCat = col.get('category') ?? -1;
  const { stmt, counts } = upserting(
    st.db,
    'orders',
    'INSERT INTO orders (order_id, cust, placed_at, amount_fen, status, category) VALUES (?, ?, ?, ?, ?, ?)',
    `ON CONFLICT (order_id) DO UPDATE SET cust = excluded.cust, placed_at = excluded.placed_at, amount_fen = excluded.amount_fen,
       status = excluded.status, category = excluded.category
     WHERE cust IS NOT excluded.cust OR placed_at IS NOT excluded.placed_at OR amount_fen IS NOT excluded.amount_fen
       OR status IS NOT excluded.status OR category IS NOT excluded.category`,
  );
  let changes = 0;
  return {
    row(f, line, info) {
      const id = f[iId]!;
      if (id === '') return st.bad(line, 'order_id', reasons.empty);
      if (info.firstLine) return st.bad(line, 'order_id', reasons.twice('order', show(id), info.firstLine));
      const cid = f[iCust]!;
      const cust = info.ids[0]!;
      if (cid === '') return st.bad(line, 'customer_id', reasons.empty);
      if (cust === 0 && !st.customersIncomplete) return st.bad(line, 'customer_id', reasons.unknownCustomer(cid));
      const placed = st.ts.parse(f[iPlaced]!);
      if (placed === null) return st.bad(line, 'placed_at', reasons.timestamp(f[iPlaced]!));
      const amount = parseCnyToFen(f[iAmount]!);
      if (amount === null) return st.bad(line, 'amount', reasons.amount(f[iAmount]!));
      const status = f[iStatus]!.trim();
      if (status !== 'paid' && status !== 'refunded') return st.bad(line, 'status', reasons.oneOf(f[iStatus]!, ORDER_STATUSES));
      if (!st.writing || cust <= 0) return;
      const category = iCat < 0 ? '' : f[iCat]!.trim();
      // The literal, not the field's copy: SQLite gets the same interned strings on every row.
      changes += stmt.run(id, cust, placed, amount, status === 'paid' ? 'paid' : 'refunded', category === '' ? null : category).changes;
    },
    finish: (rows) => counts(changes, rows),
  };
}

function referrals(st: ImportState, col: Map<string, number>): KindImporter {
  const [iFrom, iTo, iAt] = COLUMNS.referrals.required.map((c) => col.get(c)!) as [number, number, number];
  const { stmt, counts } = upserting(
    st.db,
    'referrals',
    'INSERT INTO referrals (referrer, referred, referred_at) VALUES (?, ?, ?)',
    'ON CONFLICT (referrer, referred) DO UPDATE SET referred_at = excluded.referred_at WHERE referred_at IS NOT excluded.referred_at',
  );
  let changes = 0;
  return {
    row(f, line, info) {
      const from = f[iFrom]!;
      const to = f[iTo]!;
      const a = info.ids[0]!;
      const b = info.ids[1]!;
      if (from === '') return st.bad(line, 'referrer_id', reasons.empty);
      if (a === 0 && !st.customersIncomplete) return st.bad(line, 'referrer_id', reasons.unknownCustomer(from));
      if (to === '') return st.bad(line, 'referred_id', reasons.empty);
      if (b === 0 && !st.customersIncomplete) return st.bad(line, 'referred_id', reasons.unknownCustomer(to));
      if (info.firstLine) return st.bad(line, 'referrer_id', reasons.twice('referral', `${show(from)} → ${show(to)}`, info.firstLine));
      const at = st.ts.parse(f[iAt]!);
      if (at === null) return st.bad(line, 'referred_at', reasons.timestamp(f[iAt]!));
      if (!st.writing || a <= 0 || b <= 0) return;
      changes += stmt.run(a, b, at).changes;
    },
    finish: (rows) => counts(changes, rows),
  };
}

function contributions(st: ImportState, col: Map<string, number>): KindImporter {
  const [iCust, iKind, iPoints, iAt] = COLUMNS.contributions.required.map((c) => col.get(c)!) as [number, number, number, number];
  const { stmt, counts } = upserting(
    st.db,
    'contributions',
    'INSERT INTO contributions (cust, kind, at, points) VALUES (?, ?, ?, ?)',
    'ON CONFLICT (cust, kind, at) DO UPDATE SET points = excluded.points WHERE points IS NOT excluded.points',
  );
  const seen = new KeySet();
  let changes = 0;
  return {
    row(f, line, info) {
      const cid = f[iCust]!;
      const cust = info.ids[0]!;
      if (cid === '') return st.bad(line, 'customer_id', reasons.empty);
      if (cust === 0 && !st.customersIncomplete) return st.bad(line, 'customer_id', reasons.unknownCustomer(cid));
      const kind = f[iKind]!;
      if (kind.trim() === '') return st.bad(line, 'kind', reasons.empty);
      const points = parsePoints(f[iPoints]!);
      if (points === null) return st.bad(line, 'points', reasons.points(f[iPoints]!));
      const at = st.ts.parse(f[iAt]!);
      if (at === null) return st.bad(line, 'at', reasons.timestamp(f[iAt]!));
      // The key is the instant, not its text: 07:30+08:00 and 07:30 in Shanghai are one contribution.
      const first = seen.add(`${cid.length}:${cid}${kind.length}:${kind}${at}`, line);
      if (first)
        return st.bad(line, 'customer_id', reasons.twice('contribution', `${show(cid)} ${show(kind)} at ${show(f[iAt]!.trim())}`, first));
      if (!st.writing || cust <= 0) return;
      changes += stmt.run(cust, kind, at, points).changes;
    },
    finish: (rows) => counts(changes, rows),
  };
}
