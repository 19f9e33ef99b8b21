import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DB, type ReadableDB } from '../../src/engine/db';
import { diagnose } from '../../src/engine/dbHealth';
import { createBackup } from '../../src/engine/backup';
import { importFiles, formatError } from '../../src/engine/import/index';
import { DomainError } from '../../src/engine/errors';
import { tempDir } from '../helpers/fixture';

const NOW = () => Date.parse('2026-11-23T02:00:00Z');
const opened: ReadableDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

/**
 * Permission faults must be met by a user the permissions apply to. Tests run as root in CI, and
 * root ignores file modes; so as root the open runs with the effective uid of `nobody` (seteuid
 * changes what the kernel checks for this process, real uid stays root to switch back).
 */
const NOBODY = 65534;
function asUnprivileged<T>(fn: () => T): T {
  if (process.geteuid?.() !== 0) return fn();
  process.seteuid!(NOBODY);
  try {
    return fn();
  } finally {
    process.seteuid!(0);
  }
}

/** A folder `nobody` may enter and write, holding a fresh Tierdesk database with one customer. */
function freshDb(): { dir: string; file: string } {
  const dir = tempDir('tierdesk-fault-');
  fs.chmodSync(dir, 0o777);
  const file = path.join(dir, 'shop.db');
  const db = openDb(file, { create: true, now: NOW });
  db.prepare(
    "INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES ('C1', '张三', 'individual', 1, 1)",
  ).run();
  db.close();
  fs.chmodSync(file, 0o666);
  return { dir, file };
}

/** Every file of the folder with a hash of its bytes: "untouched" means this does not change. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((n) => !n.endsWith('.backups'))
      .sort()
      .map((n) => [
        n,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, n)))
          .digest('hex'),
      ]),
  );
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('a database that cannot be used is refused with a clear reason and left untouched', () => {
  it('overwritten header → DB_CORRUPT', () => {
    const { dir, file } = freshDb();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(
      fd,
      Buffer.from('this is not a database at all: something overwrote its first hundred bytes.'.padEnd(100, '.')),
      0,
      100,
      0,
    );
    fs.closeSync(fd);
    const before = snapshot(dir);
    const e = refusal(() => openDb(file));
    expect(e.code).toBe('DB_CORRUPT');
    expect(e.message).toContain(file);
    expect(e.message).toMatch(/damaged or is not a database.*restore a backup/);
    expect(snapshot(dir)).toEqual(before);
    expect(diagnose(file).problem?.code).toBe('DB_CORRUPT');
    expect(snapshot(dir)).toEqual(before);
  });

  it('read-only folder → DB_READONLY naming the folder (WAL writes -wal/-shm beside the file)', () => {
    const { dir, file } = freshDb();
    fs.chmodSync(dir, 0o555);
    try {
      const before = snapshot(dir);
      const e = asUnprivileged(() => refusal(() => openDb(file)));
      expect(e.code).toBe('DB_READONLY');
      expect(e.message).toContain(`folder ${dir} is read-only`);
      expect(snapshot(dir)).toEqual(before);
      expect(asUnprivileged(() => diagnose(file)).problem?.code).toBe('DB_READONLY');
      expect(snapshot(dir)).toEqual(before);
    } finally {
      fs.chmodSync(dir, 0o777);
    }
  });

  it('read-only file → DB_READONLY at open, not at the first write', () => {
    const { dir, file } = freshDb();
    fs.chmodSync(file, 0o444);
    const before = snapshot(dir);
    const e = asUnprivileged(() => refusal(() => openDb(file)));
    expect(e.code).toBe('DB_READONLY');
    expect(e.message).toContain('read-only');
    expect(snapshot(dir)).toEqual(before);
    // Reading it on purpose still works.
    const ro = asUnprivileged(() => openDb(file, { readonly: true }));
    opened.push(ro);
    expect(ro.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 1 });
  });

  it('unreadable file → DB_UNREADABLE', () => {
    const { dir, file } = freshDb();
    fs.chmodSync(file, 0o000);
    const before = snapshot(dir);
    const e = asUnprivileged(() => refusal(() => openDb(file)));
    expect(e.code).toBe('DB_UNREADABLE');
    expect(e.message).toContain('cannot be read');
    expect(asUnprivileged(() => diagnose(file)).problem?.code).toBe('DB_UNREADABLE');
    fs.chmodSync(file, 0o666);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a second connection holding an EXCLUSIVE lock → DB_LOCKED after the busy timeout', () => {
    const { dir, file } = freshDb();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const before = snapshot(dir);
      const t = performance.now();
      const e = refusal(() => openDb(file, { busyTimeoutMs: 300 }));
      const waited = performance.now() - t;
      expect(e.code).toBe('DB_LOCKED');
      expect(e.message).toMatch(/locked by another program.*close it and try again/);
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(3000);
      expect(snapshot(dir)).toEqual(before);
      expect(diagnose(file, { busyTimeoutMs: 100 }).problem?.code).toBe('DB_LOCKED');
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    opened.push(openDb(file, { busyTimeoutMs: 300 }));
  });

  it('a database from a newer Tierdesk → DB_TOO_NEW', () => {
    const { dir, file } = freshDb();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const before = snapshot(dir);
    const e = refusal(() => openDb(file));
    expect(e.code).toBe('DB_TOO_NEW');
    expect(e.message).toMatch(/newer Tierdesk \(schema 99/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('diagnose lists the backups to restore from, and says ok for a healthy file', async () => {
    const { file } = freshDb();
    const db = openDb(file);
    const b = await createBackup(db, 'manual', { now: NOW });
    db.close();
    expect(diagnose(file)).toMatchObject({
      ok: true,
      problem: null,
      schemaVersion: expect.any(Number),
      backups: [expect.objectContaining({ name: b.name })],
    });
    fs.writeFileSync(file, Buffer.alloc(8192, 0));
    const d = diagnose(file);
    expect(d).toMatchObject({
      ok: false,
      problem: { code: 'DB_CORRUPT' },
      backups: [expect.objectContaining({ name: b.name, reason: 'manual' })],
    });
    expect(diagnose(path.join(path.dirname(file), 'missing.db')).problem?.code).toBe('DB_NOT_FOUND');
  });
});

// ------------------------------------------------------------------------ imports

let csvDir: string;
const CUSTOMERS = 1000;
beforeAll(() => {
  csvDir = tempDir('tierdesk-fault-csv-');
  let c = 'customer_id,name,kind,realname_verified,phone_verified,registered_at\n';
  for (let i = 0; i < CUSTOMERS; i++)
    c += `C${String(i).padStart(4, '0')},客户${i},${i % 10 ? 'individual' : 'enterprise'},true,${i % 3 ? 1 : 0},2025-01-0${(i % 9) + 1} 10:00:00\n`;
  fs.writeFileSync(path.join(csvDir, 'customers.csv'), c);
  let o = 'order_id,customer_id,placed_at,amount,status\n';
  for (let i = 0; i < 1000; i++)
    o += `O${i},C${String(i % CUSTOMERS).padStart(4, '0')},2026-0${(i % 9) + 1}-15 12:00:00,${(i % 500) + 0.5},${i % 17 ? 'paid' : 'refunded'}\n`;
  fs.writeFileSync(path.join(csvDir, 'orders.csv'), o);
});
afterAll(() => fs.rmSync(csvDir, { recursive: true, force: true }));

const counts = (db: DB) =>
  db
    .prepare(
      'SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM audit_log) AS audit',
    )
    .get() as { customers: number; orders: number; audit: number };
const dump = (db: DB) =>
  JSON.stringify([
    db.prepare('SELECT * FROM customers ORDER BY id').raw().all(),
    db.prepare('SELECT * FROM orders ORDER BY order_id').raw().all(),
  ]);

function emptyDb(): DB {
  const db = openDb(path.join(tempDir('tierdesk-fault-db-'), 'shop.db'), { create: true, now: NOW });
  opened.push(db);
  return db;
}

describe('imports under faults', () => {
  it('disk full (max_page_count) rolls the whole import back and says so', async () => {
    const db = emptyDb();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 8}`);
    const before = counts(db);
    const run = importFiles(
      db,
      { customers: path.join(csvDir, 'customers.csv'), orders: path.join(csvDir, 'orders.csv') },
      { now: NOW, actor: 'ops' },
    );
    await expect(run).rejects.toBeInstanceOf(DomainError);
    await expect(run).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(/disk is full.*nothing was (imported|written)/),
    });
    expect(db.inTransaction).toBe(false);
    expect(counts(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a 1,000-row file with one bad row inserts nothing and names that row', async () => {
    const db = emptyDb();
    await importFiles(db, { customers: path.join(csvDir, 'customers.csv') }, { now: NOW, actor: 'ops' });
    const lines = fs.readFileSync(path.join(csvDir, 'orders.csv'), 'utf8').split('\n');
    lines[612] = lines[612]!.replace(/,[\d.]+,(paid|refunded)$/, ',1.234,$1');
    const bad = path.join(csvDir, 'orders-bad.csv');
    fs.writeFileSync(bad, lines.join('\n'));
    const before = counts(db);
    const r = await importFiles(db, { orders: bad }, { now: NOW, actor: 'ops' });
    expect(r.ok).toBe(false);
    expect(r.errorCount).toBe(1);
    expect(r.errors.map(formatError)).toEqual([expect.stringMatching(/^orders-bad\.csv:613: amount: "1\.234" is not an amount/)]);
    expect(counts(db)).toEqual(before);
  });

  it('re-importing the same files changes nothing', async () => {
    const db = emptyDb();
    const sources = { customers: path.join(csvDir, 'customers.csv'), orders: path.join(csvDir, 'orders.csv') };
    const first = await importFiles(db, sources, { now: NOW, actor: 'ops' });
    expect(first.files.orders).toMatchObject({ inserted: 1000, updated: 0 });
    const data = dump(db);
    const second = await importFiles(db, sources, { now: NOW, actor: 'ops' });
    expect(second.ok).toBe(true);
    expect(second.files.customers).toMatchObject({ inserted: 0, updated: 0, unchanged: CUSTOMERS });
    expect(second.files.orders).toMatchObject({ inserted: 0, updated: 0, unchanged: 1000 });
    expect(dump(db)).toBe(data);
  });
});
