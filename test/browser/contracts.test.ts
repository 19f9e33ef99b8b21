import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb, platformZone } from '../../src/engine/db';
import { addDays, addMonths, todayIn } from '../../src/engine/time';
import { closeAll, ensureBuilt, openPage, serve, shownNumber, SHOTS, tierdesk, type Served } from './harness';

// The contracts page in browser mode on a fresh demo database: a Supreme Partner made by approving a
// pending review gets a contract through the form, it is activated and shows on the dashboard card;
// activating one for a Gold customer is refused with the rule in Chinese and the engine's detail.

interface PendingReview {
  customerId: string;
  pendingTier: string;
}

let dir: string;
let dbFile: string;
let today: string;
let supreme: string;
let gold: string;
let server: Served;
let browser: Browser;
let page: Page;
let cspViolations: string[];
let pageErrors: string[];

async function text(testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

/** Types a day into an antd date picker and commits it with Enter. */
async function pickDay(testId: string, day: string): Promise<void> {
  const input = page.locator(`[data-testid=${testId}] input, input[data-testid=${testId}]`).first();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

async function fillForm(v: {
  number: string;
  customer: string;
  start: string;
  end: string;
  commitment: string;
  share: string;
}): Promise<void> {
  await page.getByTestId('contract-form').waitFor();
  await page.getByTestId('form-number').fill(v.number);
  await page.getByTestId('form-customer-id').fill(v.customer);
  await pickDay('form-start', v.start);
  await pickDay('form-end', v.end);
  await page.getByTestId('form-commitment').fill(v.commitment);
  await page.locator('[data-testid=form-profit-share] input, input[data-testid=form-profit-share]').first().fill(v.share);
}

describe('contracts in browser mode (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-contracts-'));
    dbFile = path.join(dir, 'demo.db');
    tierdesk(['init', '--db', dbFile, '--demo', '400', '--seed', '3']);
    const db = openDb(dbFile);
    today = todayIn(platformZone(db), Date.now());
    db.close();
    const pending = JSON.parse(tierdesk(['review', 'list', '--db', dbFile, '--json'])) as PendingReview[];
    const promotion = pending.find((r) => r.pendingTier === 'supreme');
    if (!promotion) throw new Error('the demo database has no pending promotion to supreme');
    supreme = promotion.customerId;
    tierdesk(['review', 'approve', '--db', dbFile, '--customer', supreme, '--reason', 'strategic partner']);
    const rows = tierdesk(['export', 'tiers', '--db', dbFile])
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    gold = rows.find((r) => r[1] === 'gold' && r[0] !== supreme)![0]!;
    expect(rows.find((r) => r[0] === supreme)![1]).toBe('supreme');

    server = await serve(dbFile);
    ({ browser, page, cspViolations, pageErrors } = await openPage({ viewport: { width: 1440, height: 960 } }));
  }, 240_000);

  afterAll(() => closeAll(browser, server, dir));

  it('starts with an empty card and an empty list that says what to do', async () => {
    await page.goto(server.url);
    await page.getByTestId('contracts-card').waitFor();
    expect(await text('contracts-card')).toContain('至尊合作伙伴协议');
    for (const k of ['active', 'expiring', 'atRisk', 'behind']) expect(shownNumber(await text(`contracts-card-${k}-value`))).toBe(0);
    await page.getByTestId('nav-contracts').click();
    await page.getByTestId('contracts-empty').waitFor();
    expect(await text('contracts-empty')).toContain('新建协议');
  });

  it('creates a contract for a Supreme Partner with inline rule messages in Chinese, then activates it', async () => {
    const start = addMonths(today, -6);
    await page.getByTestId('contract-new').click();
    // Broken rules first: the engine's rule codes come back as Chinese messages under the fields.
    await fillForm({ number: 'SP-001', customer: supreme, start, end: addDays(start, -1), commitment: '100000', share: '60' });
    await page.getByTestId('rule-end.afterStart').waitFor();
    expect(await text('rule-end.afterStart')).toBe('结束日必须晚于开始日');
    expect(await text('rule-profitShare.range')).toBe('利润分成必须在 0–50% 之间');
    await page.getByTestId('form-commitment').fill('10万');
    await page.getByText('请输入金额，最多两位小数，例如 100000 或 99999.50').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'contracts-form-zh-CN.png'), fullPage: true });
    // The customer is recognised as a Supreme Partner: no warning.
    expect(await text('form-customer')).toContain('至尊合作伙伴');
    expect(await page.getByTestId('form-not-supreme').count()).toBe(0);

    await pickDay('form-end', addDays(addMonths(start, 12), -1));
    await page.locator('[data-testid=form-profit-share] input, input[data-testid=form-profit-share]').first().fill('12.5');
    await page.getByTestId('form-commitment').fill('100000');
    await page.getByTestId('form-manager').fill('王经理');
    await expect.poll(() => page.locator('[data-testid^=rule-]').count()).toBe(0);
    await page.getByTestId('form-save').click();

    await page.getByTestId('contract-view').waitFor();
    expect(await text('contract-title')).toBe('SP-001');
    expect(await text('contract-status')).toBe('草稿');
    expect(await text('contract-terms')).toContain('12.5%');
    expect(await text('contract-terms')).toContain('¥100,000.00');
    expect(await text('contract-terms')).toContain('王经理');
    // Only the state machine's actions for a draft.
    expect(
      await page.locator('[data-testid^=contract-action-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ).toEqual(['contract-action-update', 'contract-action-activate', 'contract-action-terminate']);

    await page.getByTestId('contract-action-activate').click();
    await page.getByTestId('action-confirm').click();
    await expect.poll(() => text('contract-status')).toBe('生效中');
    expect(
      await page.locator('[data-testid^=contract-action-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ).toEqual(['contract-action-update', 'contract-action-suspend', 'contract-action-terminate', 'contract-action-renew']);
    const history = await text('contract-history');
    expect(history).toContain('创建');
    expect(history).toContain('生效');
    // The commitment progress of the current contract year agrees with the CLI.
    const cli = JSON.parse(tierdesk(['contracts', 'show', '--db', dbFile, '--number', 'SP-001', '--json'])) as {
      status: string;
      commitmentProgress: number;
      profitShare: number;
      annualCommitment: number;
    };
    expect(cli).toMatchObject({ status: 'active', profitShare: 0.125, annualCommitment: 100000 });
    expect(Number(await page.getByTestId('contract-commitment').getAttribute('data-progress'))).toBeCloseTo(cli.commitmentProgress, 12);
    await page.waitForTimeout(1200); // chart animation
    await page.screenshot({ path: path.join(SHOTS, 'contracts-view-zh-CN.png'), fullPage: true });

    // A renewal is pre-filled from its predecessor: next number, the day after it ends, same terms.
    await page.getByTestId('contract-action-renew').click();
    await page.getByTestId('contract-form').waitFor();
    expect(await page.getByTestId('form-number').inputValue()).toBe('SP-001-R1');
    const startInput = page.locator('[data-testid=form-start] input, input[data-testid=form-start]').first();
    expect(await startInput.inputValue()).toBe(addMonths(start, 12));
    expect(await startInput.isDisabled()).toBe(true);
    expect(await page.getByTestId('form-commitment').inputValue()).toBe('100000');
    expect(await page.locator('[data-testid=form-profit-share] input, input[data-testid=form-profit-share]').first().inputValue()).toBe(
      '12.5',
    );
    expect(await page.getByTestId('form-manager').inputValue()).toBe('王经理');
    await page.getByRole('button', { name: '取 消' }).click();
    await page.getByTestId('contract-view').waitFor();
  });

  it('refuses to activate a contract of a Gold customer, with the rule in Chinese and the English detail', async () => {
    await page.getByTestId('contract-back').click();
    await page.getByTestId('contract-new').click();
    await fillForm({
      number: 'GD-001',
      customer: gold,
      start: today,
      end: addDays(addMonths(today, 12), -1),
      commitment: '120000',
      share: '10',
    });
    await page.getByTestId('form-not-supreme').waitFor();
    expect(await text('form-not-supreme')).toContain('黄金会员');
    await page.getByTestId('form-save').click();
    await page.getByTestId('contract-view').waitFor();
    await expect.poll(() => text('contract-title')).toBe('GD-001');

    await page.getByTestId('contract-action-activate').click();
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('contract-error').waitFor();
    expect(await page.getByTestId('contract-error').getAttribute('data-code')).toBe('CONTRACT_NOT_SUPREME');
    const refusal = await text('contract-error');
    expect(refusal).toContain('只有等级为至尊合作伙伴的客户才能生效协议');
    expect(refusal).toContain('黄金会员');
    expect(await text('contract-error-detail')).toBe(
      `详细信息：contract GD-001: customer ${gold} is gold, only a supreme customer can have an active contract`,
    );
    expect(await text('contract-status')).toBe('草稿');
    await page.screenshot({ path: path.join(SHOTS, 'contracts-refusal-zh-CN.png'), fullPage: true });

    // In English the same refusal reads in English; the detail is the engine's message either way.
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('contract-action-activate').click();
    await page.getByTestId('action-confirm').click();
    await expect
      .poll(() => text('contract-error'))
      .toContain('Only a customer whose tier is Supreme Partner can have a contract activated');
    expect(await text('contract-error')).toContain(`(${gold}) is Gold.`);
    expect(await text('contract-error-detail')).toBe(
      `Details: contract GD-001: customer ${gold} is gold, only a supreme customer can have an active contract`,
    );
    await page.getByText('中文', { exact: true }).click();

    // Termination asks for a reason before it goes to the engine.
    await page.getByTestId('contract-action-terminate').click();
    await page.getByTestId('action-confirm').click();
    await page.getByText('终止协议必须填写原因').waitFor();
    await page.getByTestId('action-reason').fill('客户未达到至尊合作伙伴');
    await page.getByTestId('action-confirm').click();
    await expect.poll(() => text('contract-status')).toBe('已终止');
    expect(await text('contract-terms')).toContain('客户未达到至尊合作伙伴');
    expect(await page.locator('[data-testid^=contract-action-]').count()).toBe(0);
  });

  it('lists with filters, and the dashboard card links to the filtered list', async () => {
    await page.getByTestId('contract-back').click();
    await page.getByTestId('contracts-table').waitFor();
    await expect.poll(() => page.locator('[data-testid=contracts-table] tr[data-number]').count()).toBe(2);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, 'contracts-list-zh-CN.png'), fullPage: true });
    await page.getByTestId('contracts-search').locator('input').fill('GD');
    await expect
      .poll(() =>
        page.locator('[data-testid=contracts-table] tr[data-number]').evaluateAll((els) => els.map((e) => e.getAttribute('data-number'))),
      )
      .toEqual(['GD-001']);
    expect(new URL(page.url()).hash).toBe('#/contracts?q=GD');

    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('contracts-card').waitFor();
    await expect.poll(async () => shownNumber(await text('contracts-card-active-value'))).toBe(1);
    const card = JSON.parse(tierdesk(['contracts', 'list', '--db', dbFile, '--flag', 'behind', '--json'])) as unknown[];
    expect(shownNumber(await text('contracts-card-behind-value'))).toBe(card.length);
    await page.getByTestId('contracts-card').screenshot({ path: path.join(SHOTS, 'contracts-card-zh-CN.png') });

    await page.getByTestId('contracts-card-active').click();
    await page.getByTestId('contracts-table').waitFor();
    expect(new URL(page.url()).hash).toBe('#/contracts?status=active');
    await expect
      .poll(() =>
        page.locator('[data-testid=contracts-table] tr[data-number]').evaluateAll((els) => els.map((e) => e.getAttribute('data-number'))),
      )
      .toEqual(['SP-001']);
    expect(await text('contracts-status-filter')).toContain('生效中');
  });

  it('runs under the strict CSP without errors', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
