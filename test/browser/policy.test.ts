import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listBackups } from '../../src/engine/backup';
import { TIERS, type Tier } from '@shared/tiers';
import type { Policy } from '@shared/policy';
import { closeAll, ensureBuilt, openPage, serve, shownNumber, SHOTS, tierdesk, type Served } from './harness';

// The policy studio, the tiers & benefits view and the backtest in Chromium (browser mode) on a
// fresh demo database, checked against `tierdesk simulate` / `policy show` for the same documents.

interface SimulateJson {
  asOf: string;
  baseline: { policyVersion: number; counts: Record<Tier, number>; cost: { total: Record<string, number> } };
  scenario: { counts: Record<Tier, number>; cost: { total: Record<string, number> } };
  matrix: Record<Tier, Record<Tier, number>>;
  upgrades: number;
  downgrades: number;
  protectedDowngrades: number;
}

let dir: string;
let dbFile: string;
let server: Served;
let browser: Browser;
let page: Page;
let seed: Policy;
let cspViolations: string[];
let pageErrors: string[];

const tid = (id: string) => page.getByTestId(id).first();
const text = async (id: string) => (await tid(id).textContent()) ?? '';
/** "−1,234" / "+¥500.79" / "-¥37,641.82" → the signed number shown. */
const signed = (s: string) => (/^[−-]/.test(s.trim()) ? -1 : 1) * shownNumber(s.replace(/^[+−-]/, ''));

function withSilver(p: Policy, value: number, name = `silver ${value}`): Policy {
  return {
    ...p,
    name,
    tiers: p.tiers.map((t) =>
      t.id !== 'silver' ? t : { ...t, rules: t.rules.map((r, i) => (i !== 0 ? r : { all: [{ ...r.all[0]!, value }] })) },
    ),
  };
}

function cliSimulate(policy: Policy, asOf?: string): SimulateJson {
  const file = path.join(dir, `draft-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(policy));
  return JSON.parse(tierdesk(['simulate', '--db', dbFile, '--policy', file, '--json', ...(asOf ? ['--as-of', asOf] : [])])) as SimulateJson;
}

/** Waits until the panels show the answer for the document as it is now. */
async function settled(): Promise<void> {
  await page.waitForSelector('[data-testid=sim-status][data-state=current]', { timeout: 60_000 });
}

async function shownMatrix(): Promise<Record<Tier, Record<Tier, number>>> {
  const m = {} as Record<Tier, Record<Tier, number>>;
  for (const from of TIERS) {
    m[from] = {} as Record<Tier, number>;
    for (const to of TIERS) {
      const s = await text(`matrix-${from}-${to}`);
      m[from][to] = s === '·' ? 0 : shownNumber(s);
    }
  }
  return m;
}

async function expectPanelsToMatch(cli: SimulateJson): Promise<void> {
  for (const tier of TIERS) {
    expect(shownNumber(await text(`dist-before-${tier}`)), `active ${tier}`).toBe(cli.baseline.counts[tier]);
    expect(shownNumber(await text(`dist-after-${tier}`)), `draft ${tier}`).toBe(cli.scenario.counts[tier]);
    expect(signed(await text(`dist-delta-${tier}`)), `change ${tier}`).toBe(cli.scenario.counts[tier] - cli.baseline.counts[tier]);
  }
  expect(await shownMatrix()).toEqual(cli.matrix);
  expect(shownNumber(await text('sim-upgrades'))).toBe(cli.upgrades);
  expect(shownNumber(await text('sim-downgrades'))).toBe(cli.downgrades);
  expect(shownNumber(await text('sim-protected'))).toBe(cli.protectedDowngrades);
  for (const k of ['discount', 'rebate', 'points', 'feeRevenue', 'net']) {
    expect(signed(await text(`cost-${k}-after`)), `cost ${k}`).toBe(cli.scenario.cost.total[k]);
  }
}

describe('policy studio in browser mode (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-policy-'));
    dbFile = path.join(dir, 'demo.db');
    tierdesk(['init', '--db', dbFile, '--demo', '3000']);
    seed = JSON.parse(tierdesk(['policy', 'show', '--db', dbFile])) as Policy;
    server = await serve(dbFile);
    ({ browser, page, cspViolations, pageErrors } = await openPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true }));
  }, 240_000);

  afterAll(() => closeAll(browser, server, dir));

  it('opens the studio on the active policy: an unchanged draft moves nobody, as the CLI says', async () => {
    await page.goto(server.url);
    await tid('nav-policy').click();
    await tid('studio').waitFor();
    await settled();
    expect(await text('tab-studio')).toBe('政策工作台');
    await expectPanelsToMatch(cliSimulate(seed));
    expect(shownNumber(await text('sim-upgrades'))).toBe(0);
    expect(await text('rule-summary-gold')).toBe('累计消费满 ¥2,000 或 成功邀请 5 名活跃用户');
    expect(await text('panel-movers')).toContain('这份草稿不改变任何客户的等级');
  });

  it('changing the Silver threshold moves the distribution and the matrix to the numbers of `tierdesk simulate`', async () => {
    const input = tid('cond-silver-0-0-value');
    await input.click();
    await input.fill('800');
    await settled();
    expect(await text('rule-summary-silver')).toBe('累计消费满 ¥800 或 月均订单满 3 笔');
    const cli = cliSimulate(withSilver(seed, 800));
    expect(cli.downgrades).toBeGreaterThan(0);
    await expectPanelsToMatch(cli);
    // The sweep follows the condition being edited, with its value marked.
    await expect.poll(() => tid('sweep-chart').getAttribute('data-current')).toBe('800');
    expect(await tid('sweep-chart').getAttribute('data-points')).toBe('41');
    expect(await text('panel-sweep')).toContain('白银会员 · 规则 1 · 累计消费');

    // Keyboard on the slider: each → is one step (¥5 on this slider's ¥0–1,000 span).
    await page.locator('[data-testid=cond-silver-0-0-slider] [role=slider]').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => input.inputValue()).toBe('820');
    await settled();
    await expectPanelsToMatch(cliSimulate(withSilver(seed, 820)));

    await input.fill('800');
    await settled();
    await page.screenshot({ path: path.join(SHOTS, 'policy-studio-zh-CN.png'), fullPage: true });
  });

  it('simulates as of another date: the metrics of that date, as `tierdesk simulate --as-of` computes them', async () => {
    const today = cliSimulate(seed).asOf;
    const first = `${today.slice(0, 7)}-01`;
    const asOf = page.getByTestId('as-of');
    await asOf.click();
    await asOf.fill(first);
    await asOf.press('Enter');
    await expect.poll(() => text('sim-status')).toContain('截至');
    await settled();
    await expectPanelsToMatch(cliSimulate(withSilver(seed, 800), first));
    await asOf.click();
    await asOf.fill(today);
    await asOf.press('Enter');
    await settled();
    await expectPanelsToMatch(cliSimulate(withSilver(seed, 800)));
  });

  it('lists the customers who move: filter by a matrix cell, search, and export them as CSV', async () => {
    const cli = cliSimulate(withSilver(seed, 800));
    expect(shownNumber(await text('movers-total'))).toBe(cli.upgrades + cli.downgrades);
    await tid('matrix-silver-regular').click();
    await expect.poll(async () => shownNumber(await text('movers-total'))).toBe(cli.matrix.silver.regular);
    expect(await text('movers-cell')).toContain('白银会员 → 普通会员');
    const rows = page.getByTestId('mover-row');
    expect(await rows.count()).toBe(Math.min(50, cli.matrix.silver.regular));
    const first = (await rows.first().locator('.mono').textContent())!;

    const [download] = await Promise.all([page.waitForEvent('download'), tid('movers-export').click()]);
    expect(download.suggestedFilename()).toBe(`movers-${cli.asOf.replaceAll('-', '')}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('customer_id,name,active_tier,draft_tier,assigned_tier,annual_spend,cumulative_spend');
    expect(lines).toHaveLength(cli.matrix.silver.regular + 1);
    expect(lines.slice(1).every((l) => l.includes(',silver,regular,'))).toBe(true);

    await page.locator('[data-testid=movers-search] input').fill(first);
    await expect.poll(async () => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(first);
    await page.locator('[data-testid=movers-search] input').fill('');
    await tid('movers-cell').locator('.ant-tag-close-icon').click();
    await expect.poll(async () => shownNumber(await text('movers-total'))).toBe(cli.upgrades + cli.downgrades);
  });

  it('saves a named draft, lists it, and reopens it after a reload with the same simulation', async () => {
    await tid('draft-save').click();
    const name = page.getByTestId('save-as-name');
    await name.fill('白银门槛 800');
    await name.press('Enter');
    await expect.poll(() => text('draft-bar')).toContain('已保存');
    expect(JSON.parse(tierdesk(['policy', 'show', '--db', dbFile])).tiers[1].rules[0].all[0].value).toBe(500);

    await page.reload();
    await tid('studio').waitFor();
    await settled();
    expect(await tid('cond-silver-0-0-value').inputValue()).toBe('500');
    await tid('draft-open').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '白银门槛 800' }).click();
    await expect.poll(() => tid('cond-silver-0-0-value').inputValue()).toBe('800');
    expect(await tid('draft-name').inputValue()).toBe('白银门槛 800');
    await settled();
    await expectPanelsToMatch(cliSimulate(withSilver(seed, 800)));
  });

  it('publishes with a confirmation that shows the difference, records actor and reason, and offers an evaluation', async () => {
    await tid('publish').click();
    await tid('publish-dialog').waitFor();
    const diff = await text('publish-diff');
    expect(diff).toContain('白银会员 · 晋升条件');
    expect(diff).toContain('累计消费满 ¥500 或 月均订单满 3 笔');
    expect(diff).toContain('累计消费满 ¥800 或 月均订单满 3 笔');
    const cli = cliSimulate(withSilver(seed, 800));
    expect(await text('publish-impact')).toContain(`${cli.downgrades.toLocaleString('en-US')} 人降级`);
    expect(await tid('publish-confirm').isDisabled()).toBe(true);
    await tid('publish-reason').fill('白银门槛提高到 800 元');
    await expect.poll(() => tid('publish-confirm').isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'policy-publish-zh-CN.png') });
    await tid('publish-confirm').click();
    await tid('publish-done').waitFor();
    expect(await text('publish-done')).toContain('v2');

    const versions = JSON.parse(tierdesk(['policy', 'show', '--db', dbFile])) as Policy;
    expect(versions.tiers[1]!.rules[0]!.all[0]!.value).toBe(800);
    expect(listBackups(dbFile).map((b) => b.reason)).toContain('before-publish');

    await tid('publish-evaluate').click();
    await tid('publish-evaluated').waitFor({ timeout: 60_000 });
    expect(await text('publish-evaluated')).toContain('已按 v2 评估');
    await page.keyboard.press('Escape');
    // The studio now compares against v2: the same draft moves nobody.
    await settled();
    expect(shownNumber(await text('sim-upgrades')) + shownNumber(await text('sim-downgrades'))).toBe(0);
  });

  it('shows the active rules in plain Chinese and English, benefits side by side, and what changed since v1', async () => {
    await tid('tab-tiers').click();
    await tid('tiers-view').waitFor();
    await expect.poll(() => text('tiers-view')).toContain('当前生效政策 v2');
    expect(await text('tier-rule-text-silver')).toBe('累计消费满 ¥800 或 月均订单满 3 笔');
    expect(await text('tier-rule-other-silver')).toBe('cumulative spend of at least ¥800 or at least 3 orders a month');
    expect(await text('tier-rule-text-gold')).toBe('累计消费满 ¥2,000 或 成功邀请 5 名活跃用户');
    expect(await text('tier-rule-text-diamond')).toBe(
      '（累计消费满 ¥5,000 且 月均消费金额超 ¥1,000） 或 （企业用户 且 月均消费金额超 ¥3,000）',
    );
    expect(await text('tier-rule-text-supreme')).toBe('累计消费超 ¥20,000 或 年采购额超 ¥100,000');
    expect(await text('tiers-changes')).toContain('与 v1 相比有 1 处变化');
    expect(await page.getByTestId('changed-rules.silver').count()).toBe(1);
    expect(await page.locator('[data-testid^=changed-]').count()).toBe(1);
    expect(await text('tier-rules-supreme')).toContain('需人工审核');
    expect(await text('tiers-benefit-regular-priceMultiplier')).toBe('9 折');
    expect(await text('tiers-benefit-diamond-priceMultiplier')).toBe('7 折');
    expect(await text('tiers-benefit-gold-tradingFee')).toBe('5.5%');
    expect(await text('tiers-benefit-silver-supportHours')).toBe('24 小时内响应');
    expect(await text('tiers-benefit-gold-perks')).toContain('1对1客户经理对接');
    await page.screenshot({ path: path.join(SHOTS, 'policy-tiers-zh-CN.png'), fullPage: true });

    await page.getByText('English', { exact: true }).click();
    expect(await text('tier-rule-text-gold')).toBe('cumulative spend of at least ¥2,000 or invited at least 5 active users');
    expect(await text('tier-rule-other-gold')).toBe('累计消费满 ¥2,000 或 成功邀请 5 名活跃用户');
    expect(await text('tiers-benefit-regular-priceMultiplier')).toBe('10% off');
    expect(await text('tiers-changes')).toContain('1 change(s) since v1');
    await page.screenshot({ path: path.join(SHOTS, 'policy-tiers-en.png'), fullPage: true });
    await tid('tab-studio').click();
    expect(await text('rule-summary-diamond')).toBe(
      '(cumulative spend of at least ¥5,000 and monthly spend of more than ¥1,000) or (an enterprise customer and monthly spend of more than ¥3,000)',
    );
    expect(await text('panel-matrix')).toContain('Migration matrix');
    await page.screenshot({ path: path.join(SHOTS, 'policy-studio-en.png'), fullPage: true });
    await tid('tab-tiers').click();
    await page.getByText('中文', { exact: true }).click();
  });

  it('backtests the active policy over the last 12 months beside the evaluation runs', async () => {
    await tid('tab-backtest').click();
    await tid('backtest-run').click();
    await tid('backtest-result').waitFor({ timeout: 120_000 });
    expect(await tid('backtest-result').getAttribute('data-months')).toBe('12');
    const today = cliSimulate(withSilver(seed, 800)).asOf;
    const first = `${today.slice(0, 7)}-01`;
    const cli = cliSimulate(withSilver(seed, 800), first);
    for (const tier of TIERS) expect(shownNumber(await text(`backtest-${first}-${tier}`)), tier).toBe(cli.scenario.counts[tier]);
    // The demo was evaluated today only (and again after publishing): months before today have no run.
    expect(await text(`backtest-${first}`)).toContain(first === today ? '的评估' : '—');
    await page.screenshot({ path: path.join(SHOTS, 'policy-backtest-zh-CN.png'), fullPage: true });
  });

  it('deletes a saved draft after a confirmation', async () => {
    await tid('tab-studio').click();
    expect(await tid('draft-name').inputValue()).toBe('白银门槛 800');
    await tid('draft-delete').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await expect.poll(() => text('draft-open')).toContain('打开已保存的草稿（0）');
    expect(await tid('draft-delete').isDisabled()).toBe(true);
  });

  it('shows validation problems next to the field they concern and blocks publishing until fixed', async () => {
    await tid('draft-new').click();
    await page.getByText('预设：卡盟等级（seed 001）').click();
    // The deleted draft's content is unsaved now: switching asks before discarding it.
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await settled();
    expect(await text('rule-summary-supreme')).toBe('累计消费超 ¥20,000 且 成功邀请 5 名活跃用户');

    const input = tid('cond-silver-0-0-value');
    await input.fill('');
    await expect.poll(() => text('cond-silver-0-0-issue')).toBe('请填写数值');
    expect(await tid('sim-status').getAttribute('data-state')).toBe('invalid');
    expect(await text('sim-status')).toContain('草稿有 1 处问题');
    expect(await tid('publish').isDisabled()).toBe(true);

    await tid('cond-diamond-0-1-remove').click();
    await tid('cond-diamond-0-0-remove').click();
    expect(await text('rule-diamond-0')).toContain('每条规则至少需要一个条件');
    expect(await text('draft-invalid')).toBe('2 处问题');

    await input.fill('650');
    await tid('add-condition-diamond-0').click();
    await settled();
    expect(await tid('publish').isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'policy-studio-seed001.png') });
  });

  it('runs under the strict CSP without errors', async () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
