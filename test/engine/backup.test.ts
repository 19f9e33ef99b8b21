import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, setSetting, type DB } from '../../src/engine/db';
import { BACKUP_KEEP_SETTING, backupBeforeMutation, backupFolder, createBackup, listBackups, restoreBackup } from '../../src/engine/backup';
import { queryAudit } from '../../src/engine/auditQuery';
import { tempDir } from '../helpers/fixture';

const T0 = Date.parse('2026-11-23T02:00:00.000Z');
const open: DB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function fresh(): { file: string; db: DB } {
  const file = path.join(tempDir('tierdesk-backup-'), 'shop.db');
  const db = openDb(file, { create: true, now: () => T0 });
  open.push(db);
  return { file, db };
}

function addCustomer(db: DB, id: string): void {
  db.prepare("INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES (?, ?, 'individual', 1, 1)").run(
    id,
    `客户${id}`,
  );
}
const customerIds = (db: DB) =>
  (db.prepare('SELECT customer_id FROM customers ORDER BY customer_id').all() as { customer_id: string }[]).map((r) => r.customer_id);
const bytes = (f: string) => fs.readFileSync(f);

/** Overwrites a page in the middle of a file: the header still says SQLite, integrity_check does not pass. */
function damagePage(file: string, page: number): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (page - 1) * 4096);
  fs.closeSync(fd);
}

describe('backups', () => {
  it('writes a complete single-file copy into <db>.backups/ named by time and reason', async () => {
    const { file, db } = fresh();
    addCustomer(db, 'C1');
    const b = await createBackup(db, 'manual', { now: () => T0 });
    expect(b.name).toBe('20261123T020000000Z-manual.db');
    expect(path.dirname(b.file)).toBe(backupFolder(file));
    expect(backupFolder(file)).toBe(`${path.resolve(file)}.backups`);
    expect(b).toMatchObject({ at: T0, reason: 'manual', damaged: false });
    expect(b.size).toBe(fs.statSync(b.file).size);
    // One plain file: no -wal/-shm beside it, and no unfinished copy left.
    expect(fs.readdirSync(backupFolder(file))).toEqual([b.name]);
    const copy = new Database(b.file, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT customer_id FROM customers').all()).toEqual([{ customer_id: 'C1' }]);
    copy.close();
    expect(fs.readdirSync(backupFolder(file))).toEqual([b.name]);
  });

  it('lists backups newest first with date, size and reason; two in the same millisecond get distinct names', async () => {
    const { file, db } = fresh();
    await backupBeforeMutation(db, 'before-import', { now: () => T0 });
    await backupBeforeMutation(db, 'before-publish', { now: () => T0 });
    await createBackup(db, 'manual', { now: () => T0 + 60_000 });
    const list = listBackups(file);
    expect(list.map((b) => [b.name, b.reason, b.at])).toEqual([
      ['20261123T020100000Z-manual.db', 'manual', T0 + 60_000],
      ['20261123T020000001Z-before-publish.db', 'before-publish', T0 + 1],
      ['20261123T020000000Z-before-import.db', 'before-import', T0],
    ]);
    for (const b of list) expect(b.size).toBeGreaterThan(0);
    expect(listBackups(path.join(tempDir(), 'none.db'))).toEqual([]);
  });

  it('keeps 7 by default and rotates the oldest out; the backup.keep setting changes it', async () => {
    const { file, db } = fresh();
    for (let i = 0; i < 10; i++) await createBackup(db, 'manual', { now: () => T0 + i * 1000 });
    const kept = listBackups(file);
    expect(kept).toHaveLength(7);
    expect(kept.map((b) => b.at)).toEqual([9, 8, 7, 6, 5, 4, 3].map((i) => T0 + i * 1000));
    expect(fs.readdirSync(backupFolder(file))).toHaveLength(7);

    setSetting(db, BACKUP_KEEP_SETTING, '3');
    await createBackup(db, 'manual', { now: () => T0 + 10_000 });
    expect(listBackups(file).map((b) => b.at)).toEqual([10, 9, 8].map((i) => T0 + i * 1000));
  });
});

describe('restore', () => {
  it('checks the backup, backs up the current file, restores in place and audits it in the restored database', async () => {
    const { file, db } = fresh();
    addCustomer(db, 'C1');
    const b = await createBackup(db, 'manual', { now: () => T0 });
    addCustomer(db, 'C2');
    expect(customerIds(db)).toEqual(['C1', 'C2']);

    // The console's own connection stays open across the restore.
    const r = await restoreBackup(file, b.name, { actor: 'alice', now: () => T0 + 3_600_000 });
    expect(r.restored.name).toBe(b.name);
    expect(r.safeguard).toMatchObject({ reason: 'before-restore', damaged: false });
    expect(customerIds(db)).toEqual(['C1']);

    // The safeguard holds the state just before the restore.
    const before = new Database(r.safeguard!.file, { readonly: true });
    expect(
      (before.prepare('SELECT customer_id FROM customers ORDER BY 1').all() as { customer_id: string }[]).map((x) => x.customer_id),
    ).toEqual(['C1', 'C2']);
    before.close();

    const audit = queryAudit(db, { action: 'backup.restore' });
    expect(audit.total).toBe(1);
    expect(audit.rows[0]).toMatchObject({ actor: 'alice', entity: 'database', entityId: b.name, at: T0 + 3_600_000 });
    expect(audit.rows[0]!.details).toMatchObject({ backup: b.name, safeguard: r.safeguard!.name, previousDamaged: false });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses a damaged backup and leaves the database and the backups untouched', async () => {
    const { file, db } = fresh();
    for (let i = 0; i < 300; i++) addCustomer(db, `C${i}`);
    const b = await createBackup(db, 'manual', { now: () => T0 });
    damagePage(b.file, 3);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const live = bytes(file);
    const damagedBackup = bytes(b.file);
    await expect(restoreBackup(file, b.name, { actor: 'alice', now: () => T0 })).rejects.toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining(b.name),
    });
    expect(bytes(file).equals(live)).toBe(true);
    expect(bytes(b.file).equals(damagedBackup)).toBe(true);
    expect(listBackups(file).map((x) => x.name)).toEqual([b.name]);
    expect(queryAudit(db, { action: 'backup.restore' }).total).toBe(0);
  });

  it('refuses a backup that is not a database, and names that are not backups', async () => {
    const { file, db } = fresh();
    const b = await createBackup(db, 'manual', { now: () => T0 });
    fs.writeFileSync(b.file, 'customer_id,name\nC1,x\n');
    await expect(restoreBackup(file, b.name, { actor: 'a', now: () => T0 })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    for (const name of ['../shop.db', 'nothing.db', '20261123T020000000Z-manual.db.partial']) {
      await expect(restoreBackup(file, name, { actor: 'a', now: () => T0 })).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND' });
    }
  });

  it('restores over a database whose header was overwritten, keeping the damaged file byte for byte', async () => {
    const { file, db } = fresh();
    addCustomer(db, 'C1');
    const b = await createBackup(db, 'manual', { now: () => T0 });
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    fs.closeSync(fd);
    const damaged = bytes(file);
    expect(() => openDb(file)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));

    const r = await restoreBackup(file, b.name, { actor: 'alice', now: () => T0 + 1000 });
    expect(r.safeguard).toMatchObject({ reason: 'before-restore', damaged: true });
    expect(r.safeguard!.name.endsWith('.damaged')).toBe(true);
    expect(bytes(r.safeguard!.file).equals(damaged)).toBe(true);
    await expect(restoreBackup(file, r.safeguard!.name, { actor: 'a', now: () => T0 })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });

    const back = openDb(file);
    open.push(back);
    expect(customerIds(back)).toEqual(['C1']);
    expect(queryAudit(back, { action: 'backup.restore' }).rows[0]!.details).toMatchObject({ previousDamaged: true });
  });

  it('refuses with DB_LOCKED while another program holds the database, changing nothing', async () => {
    const { file, db } = fresh();
    addCustomer(db, 'C1');
    const b = await createBackup(db, 'manual', { now: () => T0 });
    addCustomer(db, 'C2');
    db.close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    const live = bytes(file);
    const t = Date.now();
    await expect(restoreBackup(file, b.name, { actor: 'a', now: () => T0 + 1000, busyTimeoutMs: 200 })).rejects.toMatchObject({
      code: 'DB_LOCKED',
    });
    expect(Date.now() - t).toBeLessThan(3000);
    expect(bytes(file).equals(live)).toBe(true);
    expect(listBackups(file).map((x) => x.name)).toEqual([b.name]);
    holder.exec('COMMIT');
    holder.close();
  });

  it('another connection sees the old content or the restored one, never a mix: the copy is one transaction', async () => {
    const { file, db } = fresh();
    addCustomer(db, 'C1');
    const b = await createBackup(db, 'manual', { now: () => T0 });
    addCustomer(db, 'C2');
    // Another connection reading the database during the restore sees either state, never a mix.
    const reader = openDb(file);
    open.push(reader);
    const seen = new Set<string>();
    const timer = setInterval(() => seen.add(customerIds(reader).join(',')), 1);
    await restoreBackup(file, b.name, { actor: 'a', now: () => T0 + 1000 });
    clearInterval(timer);
    seen.add(customerIds(reader).join(','));
    expect([...seen].every((s) => s === 'C1' || s === 'C1,C2')).toBe(true);
    expect(customerIds(reader)).toEqual(['C1']);
  });
});
