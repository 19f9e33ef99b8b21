import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zhCN from '../../src/renderer/src/i18n/zh-CN.json';
import en from '../../src/renderer/src/i18n/en.json';
import { formatters } from '../../src/renderer/src/lib/format';
import { topConcentration } from '../../src/renderer/src/features/dashboard/concentration';
import { TIERS, type Tier } from '@shared/tiers';
import type { GmvShare } from '@shared/api/types';

/** key → its {{placeholders}}; plural variants (`_one`, `_other`) fold into their base key. */
function catalogue(o: object, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix + k.replace(/_(zero|one|two|few|many|other)$/, '');
    if (typeof v === 'string')
      out.set(
        key,
        [...v.matchAll(/\{\{(\w+)\}\}/g)]
          .map((m) => m[1])
          .sort()
          .join(','),
      );
    else catalogue(v as object, `${key}.`, out);
  }
  return out;
}

describe('UI text', () => {
  it('has the same keys and placeholders in Chinese and English', () => {
    const zh = catalogue(zhCN);
    const english = catalogue(en);
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, vars] of zh) expect({ key, vars: english.get(key) }).toEqual({ key, vars });
  });

  it("has the same keys and placeholders in every feature's Chinese and English texts", () => {
    const features = path.resolve(__dirname, '../../src/renderer/src/features');
    for (const f of fs.readdirSync(features)) {
      const dir = path.join(features, f, 'i18n');
      if (!fs.existsSync(dir)) continue;
      const read = (lng: string) => catalogue(JSON.parse(fs.readFileSync(path.join(dir, `${lng}.json`), 'utf8')), `${f}.`);
      const zh = read('zh-CN');
      const english = read('en');
      expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
      for (const [key, vars] of zh) expect({ key, vars: english.get(key) }).toEqual({ key, vars });
    }
  });
});

describe('formatters', () => {
  it('formats CNY, counts, shares and dates per language', () => {
    const zh = formatters('zh-CN', 'Asia/Shanghai');
    const english = formatters('en', 'Asia/Shanghai');
    expect(zh.cny(123456)).toBe('¥1,234.56');
    // One currency display in both languages (never CN¥).
    expect(english.cny(123456)).toBe('¥1,234.56');
    expect(zh.cny(5)).toBe('¥0.05');
    expect(zh.count(1234567)).toBe('1,234,567');
    expect(english.percent(0.3421)).toBe('34.2%');
    expect(zh.date('2026-05-24')).toBe('2026年5月24日');
    expect(english.date('2026-05-24')).toBe('May 24, 2026');
  });

  it('shows instants in the platform time zone', () => {
    const instant = Date.UTC(2026, 4, 23, 16, 30); // 2026-05-24 00:30 in Shanghai
    expect(formatters('en', 'Asia/Shanghai').instant(instant)).toContain('May 24, 2026');
    expect(formatters('en', 'UTC').instant(instant)).toContain('May 23, 2026');
  });
});

function share(rows: Partial<Record<Tier, [customers: number, gmvFen: number]>>): GmvShare {
  const totalCustomers = TIERS.reduce((s, t) => s + (rows[t]?.[0] ?? 0), 0);
  const totalGmvFen = TIERS.reduce((s, t) => s + (rows[t]?.[1] ?? 0), 0);
  return {
    asOf: '2026-11-23',
    from: '2025-11-24',
    totalCustomers,
    totalGmvFen,
    tiers: TIERS.map((tier) => {
      const [customers, gmvFen] = rows[tier] ?? [0, 0];
      return { tier, customers, customerShare: customers / totalCustomers, gmvFen, gmvShare: totalGmvFen ? gmvFen / totalGmvFen : 0 };
    }),
  };
}

describe('GMV concentration caption', () => {
  it('takes the widest top group that is still under 1% of customers', () => {
    const c = topConcentration(share({ none: [600, 0], regular: [300, 100], gold: [91, 400], diamond: [6, 300], supreme: [3, 500] }));
    expect(c).toEqual({ from: 'diamond', single: false, customers: 9, customerShare: 0.009, gmvFen: 800, gmvShare: 800 / 1300 });
  });

  it('skips empty top tiers and reports the top non-empty tier alone when it is 1% or more', () => {
    const c = topConcentration(share({ regular: [900, 100], gold: [78, 300], diamond: [22, 200] }));
    expect(c).toMatchObject({ from: 'diamond', single: true, customers: 22, customerShare: 0.022, gmvShare: 200 / 600 });
  });

  it('says nothing without customers or GMV', () => {
    expect(topConcentration(share({}))).toBeNull();
    expect(topConcentration(share({ regular: [10, 0] }))).toBeNull();
  });
});
