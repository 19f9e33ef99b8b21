import { describe, expect, it } from 'vitest';
import { KeySet, StringMap } from '../../src/engine/import/collections';

describe('KeySet (duplicate keys of very large files)', () => {
  it('finds every repeat among 300,000 keys, ASCII and not, through growth and rehashing', () => {
    const set = new KeySet();
    const key = (i: number) => (i % 3 === 0 ? `订单-${i}` : i % 3 === 1 ? `O${i}` : `${i}:é${i}`);
    let repeats = 0;
    for (let i = 0; i < 300_000; i++) if (set.add(key(i), i + 1) !== 0) repeats++;
    expect(repeats).toBe(0);
    const wrong: number[] = [];
    for (let i = 0; i < 300_000; i += 997) if (set.add(key(i), 1) !== i + 1) wrong.push(i);
    expect(wrong).toEqual([]);
  });

  it('compares whole keys: prefixes, the empty key and keys with the same hash bucket differ', () => {
    const set = new KeySet();
    expect(set.add('ab', 1)).toBe(0);
    expect(set.add('a', 2)).toBe(0);
    expect(set.add('abc', 3)).toBe(0);
    expect(set.add('', 4)).toBe(0);
    expect(set.add('ａb', 5)).toBe(0);
    expect([set.add('a', 9), set.add('ab', 9), set.add('abc', 9), set.add('', 9), set.add('ａb', 9)]).toEqual([2, 1, 3, 4, 5]);
  });
});

describe('StringMap', () => {
  it('keeps values per key like a Map and lists them all', () => {
    const m = new StringMap();
    for (let i = 0; i < 10_000; i++) m.set(`C${i}`, i);
    m.set('', -1);
    expect([m.get('C0'), m.get('C9999'), m.get(''), m.get('C10000')]).toEqual([0, 9999, -1, undefined]);
    const { keys, values } = m.entries();
    expect(keys).toHaveLength(10_001);
    expect(keys.every((k, i) => m.get(k) === values[i])).toBe(true);
  });
});
