import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb } from '../../src/engine/db';
import { createBackup } from '../../src/engine/backup';
import { serveBrowserMode } from '../../src/server/serve';
import type { RunningServer } from '../../src/server/http';
import { ensureBuilt, launchChromium, ROOT, SHOTS } from './harness';

// The screen a console opens on when its database cannot be opened: here a file whose header was
// overwritten. The server runs in this process (serveBrowserMode with no database).

let dir: string;
let dbFile: string;
let damaged: Buffer;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

describe('a damaged database in browser mode (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-recovery-'));
    dbFile = path.join(dir, 'shop.db');
    const db = openDb(dbFile, { create: true });
    db.prepare(
      "INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES ('C1', '张三', 'individual', 1, 1), ('C2', '李四', 'enterprise', 1, 0)",
    ).run();
    await createBackup(db, 'manual');
    db.close();
    const fd = fs.openSync(dbFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    fs.closeSync(fd);
    damaged = fs.readFileSync(dbFile);
    server = await serveBrowserMode({
      db: null,
      dbPath: dbFile,
      rendererDir: path.join(ROOT, 'out/renderer'),
      workerUrl: path.join(ROOT, 'out/node/worker.mjs'),
      appVersion: 'test',
      defaultActor: 'tester',
      now: Date.now,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says what is wrong, offers the backups and another file, and leaves the file as it is', async () => {
    await page.goto(server.url);
    const screen = page.getByTestId('db-problem');
    await screen.waitFor();
    expect(await screen.getAttribute('data-code')).toBe('DB_CORRUPT');
    expect(await screen.textContent()).toContain('数据库文件已损坏，或不是数据库文件');
    expect(await page.getByTestId('db-problem-file').textContent()).toBe(`文件：${dbFile}`);
    expect(await page.getByTestId('db-problem-detail').textContent()).toContain('restore a backup or choose another file');
    expect(await page.locator('[data-testid=backup-table] tbody tr').count()).toBe(1);

    await page.getByTestId('db-problem-path').fill(path.join(dir, 'nope.db'));
    await page.getByTestId('db-problem-open').click();
    const err = page.getByTestId('data-error');
    await err.waitFor();
    expect(await err.getAttribute('data-code')).toBe('DB_NOT_FOUND');
    expect(await err.textContent()).toContain('找不到这个数据库文件');
    await page.screenshot({ path: path.join(SHOTS, 'db-problem.png'), fullPage: true });
    expect(fs.readFileSync(dbFile).equals(damaged)).toBe(true);
  });

  it('restores the backup after a confirmation and opens the console on it', async () => {
    await page.locator('[data-testid=backup-table] tbody tr').getByRole('button', { name: /恢复/ }).click();
    await page.getByTestId('restore-confirm').click();
    await page.getByTestId('nav-dashboard').waitFor({ timeout: 30_000 });
    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('total-customers').textContent()).toBe('2');
    // The damaged file is kept, byte for byte, beside the backups.
    const kept = fs.readdirSync(`${dbFile}.backups`).filter((n) => n.endsWith('-before-restore.damaged'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(`${dbFile}.backups`, kept[0]!)).equals(damaged)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
