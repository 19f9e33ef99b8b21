import type { ReadableDB } from '../../sql/connection';
import { count } from '../../sql/connection';
import type { Mode } from './filter';

// The customer list's state kept between calls: counts, collected lists and page cursors of the data as they are now.

export interface Cursor {
  /** The sort key of the last row before this offset (customer id text, or a number; null: no metrics). */
  key: string | number | null;
  id: number;
}

export interface ListState {
  version: string;
  mode: Mode;
  all: number;
  counts: Map<string, number>;
  /** filter|sort → internal keys of every match, in order (filters with at most collectCap matches). */
  sorted: Map<string, Int32Array>;
  /** filter|sort → offset → the cursor ending the page before it. */
  cursors: Map<string, Map<number, Cursor>>;
}

const states = new WeakMap<ReadableDB, ListState>();
const MAX_CACHED = 64;

export function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_CACHED && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/**
 * The state of the list for the data as they are now: a write by this connection (total_changes)
 * or by another one (data_version, e.g. an evaluation in the worker) or a new day drops it.
 */
export function stateOf(db: ReadableDB, today: string): ListState {
  const dv = db.pragma('data_version', { simple: true }) as number;
  const tc = db.prepare<[], { t: number }>('SELECT total_changes() AS t').get()!.t;
  const version = `${dv}:${tc}:${today}`;
  const old = states.get(db);
  if (old && old.version === version) return old;
  const n = count(db, 'SELECT count(*) AS n FROM customers');
  const na = count(db, 'SELECT count(*) AS n FROM assignments');
  const nm = count(db, 'SELECT count(*) AS n FROM customer_metrics');
  const s: ListState = {
    version,
    mode: n === na && n === nm ? 'complete' : 'partial',
    all: n,
    counts: new Map(),
    sorted: new Map(),
    cursors: new Map(),
  };
  states.set(db, s);
  return s;
}

/** Drops the state of the list (the benchmark times every filter cold). */
export function forgetState(db: ReadableDB): void {
  states.delete(db);
}
