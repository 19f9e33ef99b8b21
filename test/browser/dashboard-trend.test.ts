import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb, platformZone, setSetting } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { DEMO_SETTING } from '../../src/engine/demoDb';
import { addMonths, todayIn } from '../../src/engine/time';
import { closeAll, ensureBuilt, openPage, serve, shownNumber, SHOTS, tierdesk, type Served } from './harness';

let dir: string;
let dbFile: string;
let today: string;
let server: Served;
let browser: Browser;
let page: Page;

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function statHeights(): Promise<number[]> {
  return page.locator('.dashboard .stat-card').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
}

describe('dashboard trend and cards (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-trend-'));
    dbFile = path.join(dir, 'demo.db');
    const db = openDb(dbFile, { create: true });
    today = todayIn(platformZone(db), Date.now());
    generateDemo(db, { customers: 300, seed: 3, today });
    setSetting(db, DEMO_SETTING, '1');
    db.close();
    tierdesk(['evaluate', '--db', dbFile, '--as-of', addMonths(today, -3)]);
    server = await serve(dbFile);
    ({ browser, page } = await openPage({ viewport: { width: 1440, height: 900 } }));
  }, 240_000);

  afterAll(() => closeAll(browser, server, dir));

  it('shows one evaluation date as bars and a message, not a degenerate area with dots', async () => {
    await page.goto(server.url);
    await page.getByTestId('dashboard').waitFor();
    const card = page.getByTestId('trend-card');
    expect(await card.getAttribute('data-mode')).toBe('single');
    expect(await page.getByTestId('trend-single').textContent()).toContain('只有一个评估日');
    expect(await card.locator('.recharts-area').count()).toBe(0);
    expect(await card.locator('.recharts-dot').count()).toBe(0);
    // The demo has no Supreme Partner: no mark for it at all.
    const supreme = shownNumber(await page.getByTestId('dist-count-supreme').textContent());
    expect(await card.locator('rect[data-tier=supreme]').count()).toBe(supreme > 0 ? 1 : 0);
    expect(await card.locator('rect[data-tier=regular]').count()).toBe(1);
  });

  it('keeps the four cards compact after a re-evaluation and puts dates on a time axis with nice ticks', async () => {
    // A second date one day after the first (dates never go backwards), then today from the UI:
    // 1 day must be far narrower on the axis than the 3 months after it.
    tierdesk(['evaluate', '--db', dbFile, '--as-of', addDays(addMonths(today, -3), 1)]);
    await page.reload();
    await page.getByTestId('dashboard').waitFor();
    const before = await statHeights();
    expect(before).toHaveLength(4);
    await page.getByTestId('reevaluate').click();
    await page.getByTestId('evaluation-done').waitFor({ timeout: 60_000 });
    const after = await statHeights();
    for (const [i, h] of after.entries()) expect(h).toBeLessThanOrEqual(before[i]! + 2);
    // The result is a line under the cards, not inside one of them.
    expect(await page.locator('.stat-card [data-testid=evaluation-done]').count()).toBe(0);

    const card = page.getByTestId('trend-card');
    await expect.poll(() => card.getAttribute('data-points')).toBe('3');
    expect(await card.getAttribute('data-mode')).toBe('time');
    const xs = await card
      .locator('.recharts-area-dots circle, .recharts-area-dot')
      .evaluateAll((els) => [...new Set(els.map((e) => Math.round(Number(e.getAttribute('cx')))))].sort((a, b) => a - b));
    expect(xs).toHaveLength(3);
    expect(xs[2]! - xs[1]!).toBeGreaterThan(20 * (xs[1]! - xs[0]!));

    const xTicks = await card.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    expect(xTicks.length).toBeGreaterThan(0);
    for (const x of xTicks) expect(x).toMatch(/\d{4}/);
    const yTicks = (await card.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).map((v) =>
      shownNumber(v),
    );
    expect(yTicks[0]).toBe(0);
    const step = yTicks[1]! - yTicks[0]!;
    expect([1, 2, 5]).toContain(step / 10 ** Math.floor(Math.log10(step)));
    for (const [i, v] of yTicks.entries()) expect(v).toBe(i * step);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-trend.png'), fullPage: true });
  });
});
