import { describe, expect, it } from 'vitest';
import { errorsCsv, formatBytes, fromBase64, speed } from '../../src/renderer/src/features/data/helpers';
import { toBase64 } from '../../src/renderer/src/features/data/upload';
import { diff, flatten } from '../../src/renderer/src/features/audit/diff';

describe('data page helpers', () => {
  it('formats sizes in powers of 1024', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
  });

  it('gives rows/s and time left from two progress marks, not from one', () => {
    const first = { at: 1000, rows: 10_000, done: 1_000_000 };
    expect(speed(first, first, 10_000_000)).toBeNull();
    expect(speed(first, { at: 1200, rows: 20_000, done: 2_000_000 }, 10_000_000)).toBeNull();
    expect(speed(first, { at: 2000, rows: 60_000, done: 4_000_000 }, 10_000_000)).toEqual({ rowsPerSecond: 50_000, etaSeconds: 2 });
  });

  it('writes bad rows as a CSV for Excel, formula-like text neutralised', () => {
    const csv = errorsCsv(
      [
        { file: 'orders.csv', line: 7, column: 'amount', reason: '"1,234" is not an amount' },
        { file: '=cmd.csv', line: 9, column: 'status', reason: '-1 is not one of paid, refunded' },
      ],
      ['文件', '行号', '列', '原因'],
    );
    expect(csv).toBe(
      '\uFEFF文件,行号,列,原因\r\norders.csv,7,amount,"""1,234"" is not an amount"\r\n\'=cmd.csv,9,status,"\'-1 is not one of paid, refunded"\r\n',
    );
  });

  it('round-trips bytes through base64 in chunks larger than one call can spread', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const b64 = toBase64(bytes);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(b64)).toEqual(bytes);
  });
});

describe('audit diff', () => {
  it('flattens to leaf paths, a missing side being nothing', () => {
    expect([...flatten({ a: 1, b: { c: [1, 'x'] }, d: [], e: null })]).toEqual([
      ['a', '1'],
      ['b.c[0]', '1'],
      ['b.c[1]', '"x"'],
      ['d', '[]'],
      ['e', 'null'],
    ]);
    expect(flatten(null).size).toBe(0);
    expect([...flatten('王运营')]).toEqual([['(value)', '"王运营"']]);
  });

  it('marks each leaf added, removed, changed or the same', () => {
    expect(diff({ status: 'draft', terms: { share: 0.1, slots: 2 } }, { status: 'active', terms: { share: 0.1 }, note: 'x' })).toEqual([
      { path: 'status', before: '"draft"', after: '"active"', change: 'changed' },
      { path: 'terms.share', before: '0.1', after: '0.1', change: 'same' },
      { path: 'terms.slots', before: '2', after: undefined, change: 'removed' },
      { path: 'note', before: undefined, after: '"x"', change: 'added' },
    ]);
    expect(diff(null, 'gold')).toEqual([{ path: '(value)', before: undefined, after: '"gold"', change: 'added' }]);
  });
});
