import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, launchChromium, serve, tierdesk, type Served } from './harness';

let server: Served;
let browser: Browser;
let page: Page;
let dbFile: string;

describe('operator name (recorded on every audited change)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-operator-')), 'ops.db');
    tierdesk(['init', '--db', dbFile, '--demo', '300', '--seed', '3']);
    server = await serve(dbFile);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is asked once, then shown in the header and written on the audit rows of changes', async () => {
    await page.goto(server.url);
    await page.getByTestId('operator-prompt').waitFor();
    await page.getByTestId('operator-input').first().fill('运营 王芳');
    await page.getByTestId('operator-save').first().click();
    await page.getByTestId('operator-badge').waitFor();
    expect(await page.getByTestId('operator-badge').textContent()).toContain('运营 王芳');
    expect(await page.getByTestId('operator-prompt').count()).toBe(0);

    await page.reload();
    await page.getByTestId('operator-badge').waitFor();
    expect(await page.getByTestId('operator-prompt').count()).toBe(0);

    // A change made from the console is recorded under that name.
    await page.getByRole('button', { name: /立即重新评估/ }).click();
    const db = new Database(dbFile, { readonly: true });
    try {
      await expect
        .poll(
          () =>
            (db.prepare("SELECT actor FROM audit_log WHERE action = 'evaluation.run' ORDER BY id DESC LIMIT 1").get() as { actor: string })
              .actor,
          { timeout: 20_000 },
        )
        .toBe('运营 王芳');
      const named = db.prepare("SELECT before, after FROM audit_log WHERE action = 'settings.operator'").get() as {
        before: string;
        after: string;
      };
      expect(JSON.parse(named.after)).toBe('运营 王芳');
    } finally {
      db.close();
    }
  });
});
