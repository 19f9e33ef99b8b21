import { describe, expect, it } from 'vitest';
import { formatters, MINUS } from '../../src/renderer/src/lib/format';
import { niceStep, niceTicks } from '../../src/renderer/src/lib/ticks';

const zh = formatters('zh-CN', 'Asia/Shanghai');
const en = formatters('en', 'Asia/Shanghai');

describe('the one renderer formatter', () => {
  it('writes money as ¥1,500.00 in both languages, never CN¥', () => {
    for (const f of [zh, en]) {
      expect(f.money(150_000)).toBe('¥1,500.00');
      expect(f.cny(2_000_000_00)).toBe('¥2,000,000.00');
      expect(f.yuan(1500)).toBe('¥1,500.00');
      expect(f.yuan(0.1)).toBe('¥0.10');
      expect(f.cnyCompact(12_000_000)).not.toContain('CN');
    }
  });

  it('uses the minus sign (U+2212) for every negative number and never prints −0', () => {
    for (const f of [zh, en]) {
      expect(f.money(-150_000)).toBe(`${MINUS}¥1,500.00`);
      expect(f.count(-1234)).toBe(`${MINUS}1,234`);
      expect(f.percent(-0.125)).toBe(`${MINUS}12.5%`);
      expect(f.number(-1.5)).toBe(`${MINUS}1.5`);
      expect(f.money(-0.4)).toBe('¥0.00');
      expect(f.count(-0)).toBe('0');
      for (const s of [f.money(-1), f.count(-1), f.percent(-0.5), f.number(-2), f.cnyCompact(-1e8)]) expect(s).not.toContain('-');
    }
  });

  it('groups counts and numbers', () => {
    expect(zh.count(12345)).toBe('12,345');
    expect(en.count(1_000_000)).toBe('1,000,000');
    expect(en.number(1234.256)).toBe('1,234.26');
    expect(en.number(1.2, 0)).toBe('1');
  });

  it('shows shares with one decimal, tiny ones as <0.1% and not 0.0%', () => {
    expect(en.percent(0.3421)).toBe('34.2%');
    expect(en.percent(0)).toBe('0.0%');
    expect(en.percent(1)).toBe('100.0%');
    // 3 Supreme Partners among 1,000,000 customers.
    expect(en.percent(3 / 1_000_000)).toBe('<0.1%');
    expect(zh.percent(0.0009)).toBe('<0.1%');
    expect(en.percent(0.001)).toBe('0.1%');
    expect(en.percent(0.99995)).toBe('>99.9%');
  });

  it('writes dates with the year', () => {
    expect(en.date('2026-12-08')).toBe('Dec 8, 2026');
    expect(zh.date('2026-12-08')).toBe('2026年12月8日');
    expect(en.dateShort('2026-05-24')).toContain('2026');
    expect(en.dateMs(Date.UTC(2026, 4, 24))).toBe('May 24, 2026');
    expect(en.month('2026-05-24')).toBe('May 2026');
  });
});

describe('nice axis ticks', () => {
  it('steps by 1, 2 or 5 × 10^n', () => {
    expect(niceTicks(16_234)).toEqual([0, 5000, 10000, 15000, 20000]);
    expect(niceTicks(2000)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
    for (const max of [3, 17, 99, 1234, 55_555, 987_654]) {
      const step = niceStep(max);
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5]).toContain(mantissa);
      expect(niceTicks(max).at(-1)).toBeGreaterThanOrEqual(max);
    }
  });
});
