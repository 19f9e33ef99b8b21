import type Database from 'better-sqlite3';

/*
 * Branded connections (after Signal Desktop's ts/sql): a function that only reads takes a
 * ReadableDB, one that writes takes a WritableDB. Both are the same better-sqlite3 connection at
 * run time; the brands only make the types say what a caller may do. A WritableDB is also a
 * ReadableDB, so a writer can call every reader; a read-only connection (the simulation worker's)
 * is a ReadableDB alone, and passing it to a writer is a type error.
 */
declare const READABLE: unique symbol;
declare const WRITABLE: unique symbol;

export type ReadableDB = Database.Database & { readonly [READABLE]: true };
export type WritableDB = ReadableDB & { readonly [WRITABLE]: true };

/** Brands a connection opened for reading only. */
export const asReadable = (db: Database.Database): ReadableDB => db as ReadableDB;
/** Brands a connection opened for reading and writing. */
export const asWritable = (db: Database.Database): WritableDB => db as WritableDB;

/** The row of `SELECT count(*) AS n …`. */
export interface CountRow {
  n: number;
}

/** The number a `SELECT count(*) AS n …` (or any query with one row and an `n` column) answers. */
export function count(db: ReadableDB, sql: string, ...params: unknown[]): number {
  return db.prepare<unknown[], CountRow>(sql).get(...params)!.n;
}

/**
 * A set-wise scan in raw mode (rows as arrays, no object per row), for the loops where speed needs
 * it (metrics, the simulation cache). `T` is the tuple of the selected columns, in SELECT order.
 */
export function scan<T extends unknown[]>(db: ReadableDB, sql: string, ...params: unknown[]): IterableIterator<T> {
  return db
    .prepare<unknown[], T>(sql)
    .raw()
    .iterate(...params);
}

/** All rows of a query in raw mode (arrays in SELECT order). */
export function rawAll<T extends unknown[]>(db: ReadableDB, sql: string, ...params: unknown[]): T[] {
  return db
    .prepare<unknown[], T>(sql)
    .raw()
    .all(...params);
}
