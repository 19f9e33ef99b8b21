import type { WritableDB } from '../sql/connection';

/**
 * Page cache for the import's transaction (KiB): orders go into an index ordered by customer, so
 * rows land all over it and SQLite's default 2 MB cache turns that into page spills.
 * benchBareInsert uses the same so that the two rates compare like for like.
 */
export const IMPORT_CACHE_KIB = 131072;

/** Runs `fn` with the import page cache, restoring the connection's own setting afterwards. */
export async function withImportCache<T>(db: WritableDB, fn: () => Promise<T>): Promise<T> {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return await fn();
  } finally {
    db.pragma(`cache_size = ${previous}`);
  }
}
