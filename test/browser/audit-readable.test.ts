import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb, platformZone } from '../../src/engine/db';
import { generateDemo } from '../../src/engine/demo';
import { saveDraft } from '../../src/engine/drafts';
import { todayIn } from '../../src/engine/time';
import { SEED_POLICY } from '@shared/policy';
import { closeAll, ensureBuilt, openPage, serve, SHOTS, tierdesk, type Served } from './harness';

let dir: string;
let server: Served;
let browser: Browser;
let page: Page;

const row = (action: string) => page.locator(`[data-testid=audit-row][data-action="${action}"]`).first();

async function expand(action: string): Promise<string> {
  await row(action).locator('.ant-table-row-expand-icon').click();
  // The expanded row right after the entry's row.
  const diff = row(action).locator('xpath=following-sibling::tr[1]').getByTestId('audit-diff');
  await diff.waitFor();
  return (await diff.textContent()) ?? '';
}

describe('audit page in words (Chromium)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-audit-'));
    const dbFile = path.join(dir, 'demo.db');
    const db = openDb(dbFile, { create: true });
    const today = todayIn(platformZone(db), Date.now());
    generateDemo(db, { customers: 120, seed: 5, today });
    const customer = (db.prepare('SELECT customer_id FROM customers ORDER BY id LIMIT 1').get() as { customer_id: string }).customer_id;
    saveDraft(db, { name: '白银门槛 800', document: SEED_POLICY, basedOnVersion: 1 }, { actor: 'ops', now: () => Date.now() });
    db.close();
    const contract = ['--db', dbFile, '--number', 'SP-2026-LONGCODE-0001'];
    tierdesk(
      ['contracts', 'create', ...contract, '--customer', customer, '--start', '2026-01-01', '--end', '2026-12-31'].concat([
        '--commitment',
        '100000',
        '--profit-share',
        '0.1',
        '--actor',
        'ops',
      ]),
    );
    tierdesk(['contracts', 'update', ...contract, '--profit-share', '0.125', '--commitment', '150000', '--actor', 'ops']);
    server = await serve(dbFile);
    ({ browser, page } = await openPage({ viewport: { width: 1280, height: 900 } }));
  }, 240_000);

  afterAll(() => closeAll(browser, server, dir));

  it('shows a contract change as translated fields with units, not JSON', async () => {
    await page.goto(server.url);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('page-audit').waitFor();
    await row('contract.update').waitFor();
    expect(await row('contract.update').textContent()).toContain('高毛利商品利润分成 10.0% → 12.5%');
    const text = await expand('contract.update');
    expect(text).toContain('高毛利商品利润分成');
    expect(text).toContain('10.0%');
    expect(text).toContain('12.5%');
    expect(text).toContain('¥100,000.00');
    expect(text).toContain('¥150,000.00');
    expect(text).not.toMatch(/profitShare|annualCommitment|0\.125|[{}"]/);
  });

  it('summarises a created draft by its name, not as 98 changes', async () => {
    const summary = (await row('draft.create').textContent()) ?? '';
    expect(summary).toContain('新建：白银门槛 800');
    expect(summary).not.toMatch(/\d+ 项变更/);
    const text = await expand('draft.create');
    expect(text).toContain('名称');
    expect(text).toContain('政策文档');
    const lines = row('draft.create').locator('xpath=following-sibling::tr[1]').locator('.audit-change');
    expect(await lines.count()).toBeLessThan(10);

    const created = await expand('contract.create');
    expect(created).toContain('自动续约');
    expect(created).toMatch(/自动续约(是|否)/);
    expect(created).toContain('2026年12月31日');
    expect(created).toContain('草稿');
  });

  it('never breaks a code mid-word', async () => {
    // A string: the test program has no DOM types.
    const styles = (await page.evaluate(`(() => {
      const s = getComputedStyle(document.querySelector('.audit-code'));
      return { wordBreak: s.wordBreak, whiteSpace: s.whiteSpace };
    })()`)) as { wordBreak: string; whiteSpace: string };
    expect(styles.wordBreak).not.toBe('break-all');
    expect(styles.whiteSpace).toBe('nowrap');
    await page.screenshot({ path: path.join(SHOTS, 'audit-readable.png'), fullPage: true });
  });
});
