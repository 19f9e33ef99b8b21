import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb, platformZone } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { evaluate } from '../../src/engine/evaluate';
import { todayIn } from '../../src/engine/time';
import { closeAll, ensureBuilt, openPage, serve, shownNumber, SHOTS, type Served } from './harness';

let dir: string;
let dbFile: string;
let server: Served;
let browser: Browser;
let page: Page;
/** A Silver customer to look up and override. */
let target: { id: string; name: string };
let openReviews: number;
let cspViolations: string[];
let pageErrors: string[];

async function text(testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

function searchBox() {
  return page.locator('input[data-testid=customers-search], [data-testid=customers-search] input').first();
}

async function showPage(key: 'customers' | 'reviews' | 'dashboard'): Promise<void> {
  await page.getByTestId(`nav-${key}`).click();
  await page.getByTestId(key === 'dashboard' ? 'dashboard' : `page-${key}`).waitFor();
}

/** Waits until the list shows exactly these many matches (exact count). */
async function waitForTotal(n: number): Promise<void> {
  await expect
    .poll(async () => [
      await page.getByTestId('customers-total').getAttribute('data-total'),
      await page.getByTestId('customers-total').getAttribute('data-exact'),
    ])
    .toEqual([String(n), 'true']);
}

describe('customer operations in browser mode (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-customers-'));
    dbFile = path.join(dir, 'ops.db');
    const db = openDb(dbFile, { create: true });
    const today = todayIn(platformZone(db), Date.now());
    generateDemo(db, { customers: 3000, seed: 11, today });
    evaluate(db, { now: Date.now, actor: 'setup' });
    target = db
      .prepare(
        "SELECT c.customer_id AS id, c.name FROM customers c JOIN assignments a ON a.cust = c.id WHERE a.tier = 'silver' AND a.computed_tier = 'silver' ORDER BY c.customer_id LIMIT 1",
      )
      .get() as { id: string; name: string };
    openReviews = (db.prepare("SELECT count(*) AS n FROM reviews WHERE status = 'open'").get() as { n: number }).n;
    db.close();
    expect(openReviews).toBeGreaterThan(1);
    server = await serve(dbFile);
    ({ browser, page, cspViolations, pageErrors } = await openPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true }));
    await page.goto(server.url);
    await page.getByTestId('dashboard').waitFor();
  }, 240_000);

  afterAll(() => closeAll(browser, server, dir));

  it('lists every customer in a virtual grid that draws only the rows in view', async () => {
    await showPage('customers');
    await waitForTotal(3000);
    expect(await text('customers-total')).toContain('共 3,000 位客户');
    const drawn = await page.getByTestId('customer-row').count();
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(100);
    // Sorted by customer id: the first rows are the smallest ids.
    const ids = await page.getByTestId('customer-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(ids.slice(0, 5)).toEqual([...ids.slice(0, 5)].sort());
    // Scrolling far down loads the rows there, never the whole table.
    await page.getByTestId('customers-grid').evaluate((el) => el.scrollTo({ top: 2500 * 40 }));
    await expect.poll(async () => (await page.getByTestId('customer-row').first().getAttribute('data-id')) ?? '').toMatch(/^C0*2[45]\d\d$/);
    expect(await page.getByTestId('customer-row').count()).toBeLessThan(100);
    await page.screenshot({ path: path.join(SHOTS, 'customers-list-zh-CN.png') });

    // The column chooser hides and shows columns, and remembers the choice.
    await page.getByTestId('columns-button').click();
    await page.locator('.customers-columns').getByText('姓名', { exact: true }).click();
    await expect.poll(() => page.getByTestId('col-name').count()).toBe(0);
    await page.locator('.customers-columns').getByText('已付订单', { exact: true }).click();
    await page.reload();
    await page.getByTestId('customers-grid').waitFor();
    expect(await page.getByTestId('col-name').count()).toBe(0);
    expect(await page.getByTestId('col-paidOrders').count()).toBe(1);
    await page.getByTestId('columns-button').click();
    await page.locator('.customers-columns').getByText('姓名', { exact: true }).click();
    await expect.poll(() => page.getByTestId('col-name').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('search → open the file with the keyboard → override with a reason → see it in the history and the list', async () => {
    await page.getByTestId('customers-grid').evaluate((el) => el.scrollTo({ top: 0 }));
    // `/` focuses the search; a Chinese name finds the customer among others with that name.
    await page.keyboard.press('/');
    await page.keyboard.type(target.name);
    await expect.poll(async () => Number(await page.getByTestId('customers-total').getAttribute('data-total'))).toBeLessThan(3000);
    await expect.poll(() => page.locator(`[data-testid=customer-row][data-id="${target.id}"]`).count()).toBe(1);
    const names = await page.getByTestId('customer-row').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    for (const n of names) expect(n).toContain(target.name);

    await searchBox().fill(target.id);
    await waitForTotal(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const body = page.getByTestId('customer-file-body');
    await body.waitFor();
    expect(await body.getAttribute('data-customer')).toBe(target.id);
    expect(new URL(page.url()).hash).toBe(`#/customers?id=${encodeURIComponent(target.id).replace(/%20/g, '+')}`);
    expect(await text('file-tier')).toContain('白银会员');
    expect(await text('next-tier')).toContain('黄金会员');
    expect(await text('next-missing')).toMatch(/^还差 .+ 或 .+$/);
    expect(await text('file-window')).toMatch(/近6个月窗口/);

    await page.screenshot({ path: path.join(SHOTS, 'customer-file-next-zh-CN.png') });

    await page.getByTestId('override-set').click();
    await page.getByTestId('override-tier').click();
    await page.locator('.ant-select-item-option[title="黄金会员"], .ant-select-item-option:has-text("黄金会员")').first().click();
    // No reason: the form refuses and says so.
    await page.getByTestId('override-submit').click();
    await expect.poll(() => page.getByText('请填写原因').count()).toBeGreaterThan(0);
    await page.getByTestId('override-reason').fill('战略客户，合同已签署');
    await page.getByTestId('override-submit').click();

    const item = page.locator('[data-testid=history-item][data-cause=override]');
    await item.waitFor();
    expect(await item.textContent()).toContain('战略客户，合同已签署');
    expect(await item.textContent()).toContain('人工调整');
    expect(await text('file-tier')).toContain('黄金会员');
    expect(await page.getByTestId('file-override').textContent()).toContain('战略客户，合同已签署');
    await page.screenshot({ path: path.join(SHOTS, 'customer-file-zh-CN.png') });

    // Esc closes the file and the list shows the override, with who set it.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('customer-file-body').count()).toBe(0);
    const row = page.locator(`[data-testid=customer-row][data-id="${target.id}"]`);
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('黄金会员');
    expect(await row.getByTestId('override-tag').getAttribute('data-actor')).toBeTruthy();
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('customers-grid');
  });

  it('filters pending reviews, sorts by cumulative spend and exports what it shows', async () => {
    await searchBox().fill('');
    await waitForTotal(3000);
    await page.getByTestId('filter-pending').click();
    await waitForTotal(openReviews);
    await page.getByTestId('col-cumulative').click();
    await expect.poll(() => page.getByTestId('col-cumulative').getAttribute('aria-sort')).toBe('descending');
    await expect
      .poll(async () => {
        const shown = await page
          .locator('[data-testid=customer-row] [role=gridcell]:nth-child(6)')
          .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
        return shown.length > 1 && shown.map((s) => Number(s.replace(/[^0-9.]/g, ''))).every((v, i, a) => i === 0 || a[i - 1]! >= v);
      })
      .toBe(true);
    const download = page.waitForEvent('download');
    await page.getByTestId('customers-export').click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.startsWith('\uFEFF客户编号,')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(openReviews + 1);
    await page.getByTestId('filter-clear').click();
    await waitForTotal(3000);
  });

  it('approves a review in the queue; the badge and the dashboard follow', async () => {
    await showPage('dashboard');
    await page.waitForTimeout(800);
    const supremeBefore = shownNumber(await text('dist-count-supreme'));
    const badge = async () => Number((await page.locator('[data-testid=nav-reviews] .ant-badge-count').getAttribute('title')) ?? '0');
    expect(await badge()).toBe(openReviews);

    await showPage('reviews');
    await page.getByTestId('review-customer').first().waitFor();
    expect(await text('reviews-total')).toContain(String(openReviews));
    // The evidence of the first one: its qualifying rule and history.
    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.getByTestId('review-evidence').waitFor();
    expect(await text('review-evidence')).toContain('至尊合作伙伴');
    await page.locator('.ant-table-row .ant-checkbox-input').first().check();
    await page.getByTestId('reviews-approve-selected').click();
    await page.getByTestId('decision-reason').fill('资质齐全，年度审核通过');
    await page.screenshot({ path: path.join(SHOTS, 'reviews-approve-zh-CN.png') });
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('reviews-result').waitFor();
    expect(await text('reviews-result')).toContain('已批准 1 位客户的升级');
    await expect.poll(badge).toBe(openReviews - 1);

    await showPage('dashboard');
    await expect.poll(async () => shownNumber(await text('dist-count-supreme'))).toBe(supremeBefore + 1);
    expect(shownNumber(await text('pending-reviews'))).toBe(openReviews - 1);
  });

  it('reports per-customer failures of a bulk decision', async () => {
    await showPage('reviews');
    await page.getByTestId('review-customer').first().waitFor();
    const first = (await page.getByTestId('review-customer').first().textContent()) ?? '';
    await page.locator('.ant-table-row .ant-checkbox-input').nth(0).check();
    await page.locator('.ant-table-row .ant-checkbox-input').nth(1).check();
    // Someone else decides the first one meanwhile (the CLI on the same database).
    const id = first.split(' · ')[1]!.trim();
    const db = openDb(dbFile);
    db.prepare(
      "UPDATE reviews SET status = 'lapsed', decided_on = '2000-01-01', actor = 'other', reason = 'test' WHERE status = 'open' AND cust = (SELECT id FROM customers WHERE customer_id = ?)",
    ).run(id);
    db.close();
    await page.getByTestId('reviews-reject-selected').click();
    await page.getByTestId('decision-reason').fill('资料不全');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('reviews-failures').waitFor();
    expect(await text('reviews-result')).toContain('已驳回 1 位客户的升级');
    expect(await text('reviews-failures')).toContain(`${id}：已经没有待审核的升级`);
    await page.screenshot({ path: path.join(SHOTS, 'reviews-result-zh-CN.png') });
  });

  it('speaks English: labels, money and the missing amounts', async () => {
    await page.getByText('English', { exact: true }).click();
    await showPage('customers');
    await waitForTotal(3000);
    expect(await text('col-customerId')).toContain('Customer ID');
    expect(await text('customers-total')).toBe('3,000 of 3,000 customers match');
    await page.screenshot({ path: path.join(SHOTS, 'customers-list-en.png') });
    await searchBox().fill(target.id);
    await waitForTotal(1);
    await page.locator(`[data-testid=customer-row][data-id="${target.id}"]`).click();
    await page.getByTestId('customer-file-body').waitFor();
    expect(await text('file-metrics')).toMatch(/(?<!CN)¥[\d,]+\.\d{2}/);
    expect(await text('next-missing')).toMatch(/^Needs .+ or .+$/);
    expect(await text('file-override')).toMatch(/^Manual override: .+ set Gold on .+, until cleared\. Reason: 战略客户，合同已签署$/);
    await page.screenshot({ path: path.join(SHOTS, 'customer-file-en.png') });
    await page.keyboard.press('Escape');
    await page.getByText('中文', { exact: true }).click();
    expect(await text('col-customerId')).toContain('客户 ID');
  });

  it('runs under the strict CSP without errors', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
