import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { addFormatters } from '../../src/renderer/src/lib/i18nFormat';

const SRC = path.resolve('src/renderer/src');

/** The English texts as the app loads them: i18n/en.json plus each feature's under its name. */
function texts(lng: string): Record<string, unknown> {
  const out = JSON.parse(fs.readFileSync(path.join(SRC, 'i18n', `${lng}.json`), 'utf8')) as Record<string, unknown>;
  for (const feature of fs.readdirSync(path.join(SRC, 'features'))) {
    const file = path.join(SRC, 'features', feature, 'i18n', `${lng}.json`);
    if (fs.existsSync(file)) out[feature] = JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  return out;
}

function leaves(node: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Keys passed as plain string literals to a `t(…, { … count … })` call (ternaries included). */
function keysUsedWithCount(): Set<string> {
  const keys = new Set<string>();
  for (const file of sources(SRC)) {
    const code = fs.readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\bt\(([^()]*?),\s*\{[^{}]*\bcount\s*[:,}]/g))
      for (const k of m[1]!.matchAll(/'([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)'/g)) keys.add(k[1]!);
  }
  return keys;
}

const EN = leaves(texts('en'));
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('English plurals', () => {
  it('finds the counted calls', () => {
    expect(keysUsedWithCount()).toContain('audit.total');
  });

  it('every key used with a count has _one and _other forms', () => {
    const missing = [...keysUsedWithCount()].filter((k) => !EN.has(`${k}_one`) || !EN.has(`${k}_other`));
    expect(missing).toEqual([]);
  });

  it('every English text that shows {{count}} is a plural form', () => {
    const plain = [...EN].filter(([k, v]) => /\{\{count\b/.test(v) && !PLURAL.test(k)).map(([k]) => k);
    expect(plain).toEqual([]);
  });

  it('the singular reads as a singular, with separators in big counts', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { en: { translation: texts('en') }, 'zh-CN': { translation: texts('zh-CN') } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    addFormatters(i18n);
    expect(i18n.t('audit.changes', { count: 1 })).toBe('1 change');
    expect(i18n.t('audit.changes', { count: 1234 })).toBe('1,234 changes');
    expect(i18n.t('reviews.dialog.approveTitle', { count: 1 })).toBe('Approve the promotion of 1 customer');
    expect(i18n.t('data.import.refused', { count: 1 })).toBe('1 bad row: nothing will be imported');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('audit.total', { count: 12345 })).toBe('共 12,345 条记录');
  });
});
