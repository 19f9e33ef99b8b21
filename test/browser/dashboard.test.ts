import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb, platformZone, setSetting } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { DEMO_SETTING } from '../../src/engine/demoDb';
import { addMonths, todayIn } from '../../src/engine/time';
import { TIERS, TIER_COLORS, type Tier } from '@shared/tiers';
import { closeAll, ensureBuilt, openPage, serve, shownNumber, SHOTS, tierdesk, type Served } from './harness';

interface EvaluateJson {
  asOf: string;
  counts: Record<Tier, number>;
  pendingReviews: number;
}

const NAV_ZH = ['仪表盘', '客户', '审核', '政策与模拟', '合作协议', '数据', '审计'];
const NAV_EN = ['Dashboard', 'Customers', 'Reviews', 'Policy & Simulation', 'Contracts', 'Data', 'Audit'];
const NAV_KEYS = ['dashboard', 'customers', 'reviews', 'policy', 'contracts', 'data', 'audit'];
/** Phase labels of the engine's progress events as the UI shows them. */
const PHASES_ZH = ['读取客户', '汇总订单', '统计邀请', '统计贡献积分', '判定等级', '写入等级', '完成'];

const dateIn = (lng: string, iso: string) =>
  new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

let dir: string;
let dbFile: string;
let today: string;
let history: EvaluateJson[];
let server: Served;
let browser: Browser;
let page: Page;
let cspViolations: string[];
let pageErrors: string[];

async function text(testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

async function shownCounts(): Promise<Record<Tier, number>> {
  const counts = {} as Record<Tier, number>;
  for (const tier of TIERS) counts[tier] = shownNumber(await text(`dist-count-${tier}`));
  return counts;
}

/** Hovers the tier's bar in the distribution chart and returns the tooltip's text. */
async function barTooltip(tier: Tier): Promise<string> {
  await page.locator(`[data-testid=distribution-card] .recharts-bar-rectangle path[fill="${TIER_COLORS[tier]}"]`).hover();
  const tip = page.locator('[data-testid=distribution-card] .chart-tooltip');
  await tip.waitFor();
  return (await tip.textContent()) ?? '';
}

async function openDashboard(): Promise<void> {
  await page.getByTestId('dashboard').waitFor();
  // Bars and the donut animate in; screenshots and fills are read once they settle.
  await page.waitForTimeout(1600);
}

describe('dashboard in browser mode (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-browser-'));
    dbFile = path.join(dir, 'demo.db');
    // A demo database with three earlier evaluation dates, so the trend has history and the UI's
    // "re-evaluate now" (as of today) adds a fourth point.
    const db = openDb(dbFile, { create: true });
    today = todayIn(platformZone(db), Date.now());
    generateDemo(db, { customers: 2000, seed: 7, today });
    setSetting(db, DEMO_SETTING, '1');
    db.close();
    history = [-3, -2, -1].map(
      (m) => JSON.parse(tierdesk(['evaluate', '--db', dbFile, '--as-of', addMonths(today, m), '--json'])) as EvaluateJson,
    );
    server = await serve(dbFile);
    ({ browser, page, cspViolations, pageErrors } = await openPage({ viewport: { width: 1440, height: 900 } }));
  }, 240_000);

  afterAll(() => closeAll(browser, server, dir));

  it('opens in Chinese and shows the counts of the last evaluation', async () => {
    const last = history[2]!;
    await page.goto(server.url);
    await openDashboard();
    expect(new URL(page.url()).hash).not.toContain('token=');

    for (const [i, key] of NAV_KEYS.entries()) expect(await text(`nav-${key}`)).toContain(NAV_ZH[i]);
    expect(await text('demo-banner')).toContain('演示数据');
    expect(await text('demo-banner')).toContain('tierdesk import');

    expect(await shownCounts()).toEqual(last.counts);
    expect(shownNumber(await text('total-customers'))).toBe(2000);
    expect(shownNumber(await text('pending-reviews'))).toBe(last.pendingReviews);
    expect(await page.locator('[data-testid=nav-reviews] .ant-badge-count').getAttribute('title')).toBe(String(last.pendingReviews));
    expect(await text('last-evaluation')).toBe(dateIn('zh-CN', last.asOf));
    expect(await page.getByTestId('trend-card').getAttribute('data-points')).toBe('3');

    expect(await text('gmv-total')).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await text('gmv-caption')).toMatch(/只占客户的 [\d.]+%（[\d,]+ 人），却贡献了近12个月 GMV 的 [\d.]+%/);

    // Every bar is painted in its tier's colour.
    const fills = await page
      .locator('[data-testid=distribution-card] .recharts-bar-rectangle path')
      .evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    const expected = TIERS.filter((t) => last.counts[t] > 0).map((t) => TIER_COLORS[t]);
    expect(fills).toEqual(expected);

    expect(await barTooltip('regular')).toMatch(/^普通会员客户数[\d,]+ 人（[\d.]+%）$/);
  });

  it('re-evaluates with visible progress, adds a point to the trend and agrees with the CLI', async () => {
    // Records every text the progress element shows while the run goes on (it disappears at the end).
    // A string, because the test program has no DOM types.
    await page.evaluate(`(() => {
      const seen = (window.__progress = []);
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid=evaluation-progress]');
        if (el && el.textContent && seen.at(-1) !== el.textContent) seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByTestId('reevaluate').click();
    await page.getByTestId('evaluation-done').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('trend-card').getAttribute('data-points')).toBe('4');

    const seen = (await page.evaluate('window.__progress')) as string[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((s) => PHASES_ZH.some((p) => s.includes(p)))).toBe(true);
    expect(await text('last-evaluation')).toBe(dateIn('zh-CN', today));

    // The CLI evaluating the same date again changes nothing and reports what the dashboard shows.
    const cli = JSON.parse(tierdesk(['evaluate', '--db', dbFile, '--json'])) as EvaluateJson;
    expect(cli.asOf).toBe(today);
    await page.reload();
    await openDashboard();
    expect(await shownCounts()).toEqual(cli.counts);
    expect(shownNumber(await text('pending-reviews'))).toBe(cli.pendingReviews);
    expect(await page.getByTestId('trend-card').getAttribute('data-points')).toBe('4');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-zh-CN.png'), fullPage: true });
  });

  it('switches to English (labels, money and dates) and remembers it', async () => {
    const counts = await shownCounts();
    const gmvZh = await text('gmv-total');
    await page.getByText('English', { exact: true }).click();

    for (const [i, key] of NAV_KEYS.entries()) expect(await text(`nav-${key}`)).toContain(NAV_EN[i]);
    expect(await text('reevaluate')).toBe('Re-evaluate now');
    // Money reads the same in both languages: ¥, never CN¥.
    expect(await text('gmv-total')).toBe(gmvZh);
    expect(await text('last-evaluation')).toBe(dateIn('en', today));
    expect(await page.getByTestId('distribution-table').textContent()).toContain('Supreme Partner');
    expect(await text('gmv-caption')).toMatch(/only [\d.]+% of customers \([\d,]+\), yet [\d.]+% of the last 12 months' GMV/);
    expect(await shownCounts()).toEqual(counts);
    expect(await barTooltip('regular')).toMatch(/^RegularCustomers[\d,]+ \([\d.]+%\)$/);

    await page.reload();
    await openDashboard();
    expect(await text('nav-dashboard')).toBe('Dashboard');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-en.png'), fullPage: true });

    await page.getByText('中文', { exact: true }).click();
    expect(await text('nav-dashboard')).toBe('仪表盘');
    expect(await text('gmv-total')).toBe(gmvZh);
  });

  it('runs under the strict CSP without errors', async () => {
    const res = await page.request.get(server.url.replace(/#.*/, ''));
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
