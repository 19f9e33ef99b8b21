import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb } from '../../src/engine/db';
import { ensureBuilt, launchChromium, serve, shownNumber, SHOTS, type Served } from './harness';

// The Data page end to end in Chromium against `tierdesk serve`: files picked in the page travel in
// chunks to the server, the import runs in the worker; then the audit page, backups and exports.

const CUSTOMERS = 10_000;
// Large enough that the import is still reading when the cancel click lands.
const ORDERS = 300_000;
/** Physical line of the bad row in the first orders file (the header is line 1). */
const BAD_LINE = 50_001;

let dir: string;
let dbFile: string;
let files: { customers: string; orders: string; badOrders: string };
let server: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function writeFiles(): typeof files {
  const c = ['customer_id,name,kind,realname_verified,phone_verified,registered_at,备注'];
  for (let i = 0; i < CUSTOMERS; i++)
    c.push(`C${i},客户${i},${i % 50 === 0 ? 'enterprise' : 'individual'},${i % 3 ? 'true' : 'false'},1,2025-01-01 08:00:00,`);
  const o = ['order_id,customer_id,placed_at,amount,status,category'];
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < ORDERS; i++) {
    const at = new Date(base + ((i * 7919) % 28_000_000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    o.push(
      `O${i},C${(i * 31) % CUSTOMERS},${at},${(i % 997) + 1}.${String(i % 100).padStart(2, '0')},${i % 20 ? 'paid' : 'refunded'},点卡`,
    );
  }
  const bad = [...o];
  bad[BAD_LINE - 1] = bad[BAD_LINE - 1]!.replace(/,[\d.]+,(paid|refunded),/, ',"1,234.00",$1,');
  const out = {
    customers: path.join(dir, 'customers.csv'),
    orders: path.join(dir, 'fixed', 'orders.csv'),
    badOrders: path.join(dir, 'orders.csv'),
  };
  fs.mkdirSync(path.dirname(out.orders));
  fs.writeFileSync(out.customers, c.join('\n') + '\n');
  fs.writeFileSync(out.orders, o.join('\n') + '\n');
  fs.writeFileSync(out.badOrders, bad.join('\n') + '\n');
  return out;
}

const tid = (id: string) => page.getByTestId(id);
const textOf = async (id: string) => (await tid(id).first().textContent()) ?? '';
const count = (table: string) => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** Records every text the import's progress stats show while it runs (the element goes away at the end). */
async function watchProgress(): Promise<void> {
  await page.evaluate(`(() => {
    const seen = (window.__stats = []);
    const labels = (window.__labels = []);
    new MutationObserver(() => {
      const s = document.querySelector('[data-testid=import-progress-stats]');
      if (s && s.textContent && seen.at(-1) !== s.textContent) seen.push(s.textContent);
      const l = document.querySelector('[data-testid=import-progress-label]');
      if (l && l.textContent && labels.at(-1) !== l.textContent) labels.push(l.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}
const seenStats = async () => (await page.evaluate('window.__stats')) as string[];
const seenLabels = async () => (await page.evaluate('window.__labels')) as string[];

describe('data page in browser mode (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-data-browser-'));
    dbFile = path.join(dir, 'shop.db');
    openDb(dbFile, { create: true }).close();
    files = writeFiles();
    server = await serve(dbFile);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.goto(server.url);
    await tid('nav-data').click();
    await tid('page-data').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('recognises the picked files by their headers and previews their first rows', async () => {
    await page.locator('[data-testid=import-panel] input[type=file]').setInputFiles([files.customers, files.badOrders]);
    await page.locator('[data-testid=import-file][data-kind=orders]').waitFor();
    await page.locator('[data-testid=import-file][data-kind=customers]').waitFor();
    expect(await textOf('import-kind-customers')).toBe('客户：customers.csv');
    expect(await textOf('import-kind-orders')).toBe('订单：orders.csv');
    expect(await textOf('import-kind-referrals')).toBe('邀请关系：未选择文件');
    const customers = page.locator('[data-testid=import-file][data-kind=customers]');
    expect(await customers.locator('[data-role=ignored]').textContent()).toBe('备注');
    expect(await customers.locator('[data-role=required]').count()).toBe(6);
    const orders = page.locator('[data-testid=import-file][data-kind=orders]');
    expect(await orders.locator('[data-role=optional]').textContent()).toBe('category');
    expect(await orders.getByTestId('import-preview').textContent()).toContain('前 5 行预览');
    expect(await orders.locator('[data-testid=import-preview] tbody tr.ant-table-row').count()).toBe(5);
    expect(await orders.getByTestId('import-preview').textContent()).toContain('O0C0');
    await page.screenshot({ path: path.join(SHOTS, 'data-import-preview.png'), fullPage: true });
  });

  it('a dry run lists the bad row (file, line, column, reason), exportable to CSV, and writes nothing', async () => {
    await watchProgress();
    await tid('import-dry-run').click();
    await tid('import-refused').waitFor({ timeout: 60_000 });
    expect(await textOf('import-refused')).toContain('发现 1 行有问题，整批不会导入');
    const row = page.locator('[data-testid=import-errors] tbody tr');
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['orders.csv', String(BAD_LINE), 'amount']);
    expect(cells[3]).toContain('"1,234.00" is not an amount in CNY');
    expect((await seenLabels()).some((l) => l.startsWith('正在上传文件'))).toBe(true);
    expect(count('customers')).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'data-import-dry-run.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), tid('import-errors-export').click()]);
    expect(download.suggestedFilename()).toBe('import-errors.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF文件,行号,列,原因\r\n')).toBe(true);
    expect(csv).toContain(`orders.csv,${BAD_LINE},amount,"""1,234.00"" is not an amount in CNY`);
  }, 120_000);

  it('with the corrected file: the check passes, a cancelled import writes nothing, the import shows rows/s and ETA and ends in a summary', async () => {
    await page.locator('[data-testid=import-panel] input[type=file]').setInputFiles([files.orders]);
    await expect.poll(() => page.locator('[data-testid=import-file]').count()).toBe(2);
    await tid('import-dry-run').click();
    await tid('dry-run-ok').waitFor({ timeout: 60_000 });
    expect(await textOf('dry-run-ok')).toContain(`检查通过：${(CUSTOMERS + ORDERS).toLocaleString('en-US')} 行全部有效`);
    expect(shownNumber(await textOf('counts-orders-inserted'))).toBe(ORDERS);
    expect(count('orders')).toBe(0);

    // Cancel as soon as rows are being read: the staged files are reused, nothing is uploaded again.
    await tid('import-run-checked').click();
    await tid('import-progress-stats').waitFor({ timeout: 30_000 });
    await tid('import-cancel').click();
    await tid('import-cancelled').waitFor({ timeout: 30_000 });
    expect(count('orders')).toBe(0);
    expect(count('customers')).toBe(0);

    await watchProgress();
    const started = Date.now();
    await tid('import-run').click();
    await page.getByTestId('import-progress-stats').filter({ hasText: '预计还需' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'data-import-progress.png'), fullPage: true });
    await tid('import-summary').waitFor({ timeout: 120_000 });
    const wall = Date.now() - started;
    const stats = await seenStats();
    expect(stats.length).toBeGreaterThan(0);
    expect(stats.some((s) => /已读取 [\d,]+ 行 · [\d,]+ 行\/秒/.test(s))).toBe(true);
    expect(stats.some((s) => s.includes('预计还需'))).toBe(true);
    expect((await seenLabels()).some((l) => l.includes('正在备份数据库'))).toBe(true);
    expect(shownNumber(await textOf('counts-orders-inserted'))).toBe(ORDERS);
    expect(shownNumber(await textOf('counts-customers-inserted'))).toBe(CUSTOMERS);
    expect(await textOf('import-summary')).toMatch(
      new RegExp(`导入完成：${(CUSTOMERS + ORDERS).toLocaleString('en-US')} 行，用时 [\\d.]+ 秒（[\\d,]+ 行/秒）`),
    );
    expect(await textOf('import-summary')).toMatch(/导入前的数据库已备份为 \d{8}T\d{9}Z-before-import\.db/);
    expect(count('orders')).toBe(ORDERS);
    console.log(
      `[throughput] browser UI, ${CUSTOMERS + ORDERS} rows (staged files reused): click to summary ${wall} ms = ${Math.round(((CUSTOMERS + ORDERS) * 1000) / wall).toLocaleString('en-US')} rows/s; ${(await textOf('import-summary')).match(/导入完成：[^）]+）/)?.[0]}`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'data-import-summary.png'), fullPage: true });

    await tid('import-evaluate').click();
    await tid('import-evaluated').waitFor({ timeout: 60_000 });
    expect(await textOf('import-evaluated')).toMatch(/评估完成（评估日 .+）：升级 [\d,]+ 人/);
  }, 240_000);

  it('the audit page shows the import with who, when and what it changed', async () => {
    await tid('nav-audit').click();
    await tid('page-audit').waitFor();
    const importRow = page.locator('[data-testid=audit-row][data-action=import]');
    await importRow.waitFor();
    expect(await page.locator('[data-testid=audit-row]').count()).toBe(2);
    expect(await page.locator('[data-testid=audit-row]').first().getAttribute('data-action')).toBe('evaluation.run');
    expect(await importRow.textContent()).toContain('导入数据');
    await importRow.locator('.ant-table-row-expand-icon').click();
    const details = page.getByTestId('audit-details');
    await details.waitFor();
    const text = (await details.textContent()) ?? '';
    // Field names in the user's language, numbers with separators (no raw JSON paths).
    expect(text).toContain('文件 › 订单 › 新增');
    expect(text).toContain(`文件 › 订单 › 新增${ORDERS.toLocaleString('en-US')}`);
    expect(text).not.toContain('files.orders');

    await tid('audit-filter-action').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '(import)' }).click();
    await expect.poll(() => page.locator('[data-testid=audit-row]').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'audit.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), tid('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{4}\.csv$/);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]!.startsWith('\uFEFF')).toBe(true);
  });

  it('exports customers with a filter as a download with a dated name', async () => {
    await tid('nav-data').click();
    await tid('tab-export').click();
    const card = tid('export-customers');
    await card.getByLabel('客户类型').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '企业' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), tid('export-customers-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^customers-\d{8}-\d{4}\.csv$/);
    const lines = fs
      .readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]!.startsWith('\uFEFF客户编号,姓名,客户类型')).toBe(true);
    expect(lines).toHaveLength(1 + CUSTOMERS / 50);
    expect(lines.slice(1).every((l) => l.includes(',企业用户,'))).toBe(true);
  });

  it('lists backups and restores one after a confirmation (the current database kept first)', async () => {
    await tid('tab-backups').click();
    await tid('backup-table').waitFor();
    await tid('backup-now').click();
    // Newest first: this one, then one before each real import (the cancelled one too).
    await expect.poll(() => page.locator('[data-testid=backup-table] tbody tr').count()).toBe(3);
    const rows = await page.locator('[data-testid=backup-table] tbody tr').allTextContents();
    expect(rows[0]).toContain('手动备份');
    expect(rows[1]).toContain('导入前');
    expect(rows[2]).toContain('导入前');
    await page.screenshot({ path: path.join(SHOTS, 'data-backups.png'), fullPage: true });

    const importBackup = page.locator('[data-testid=backup-table] tbody tr').nth(1).getByRole('button', { name: /恢复/ });
    await importBackup.click();
    await tid('restore-confirm').click();
    await tid('backup-restored').waitFor({ timeout: 30_000 });
    expect(await textOf('backup-restored')).toMatch(/恢复前的数据库已保存为 \d{8}T\d{9}Z-before-restore\.db/);
    // The backup taken before the import holds no customers.
    expect(count('customers')).toBe(0);
    await expect.poll(() => page.locator('[data-testid=backup-table] tbody tr').count()).toBe(4);
  });

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
