import { describe, expect, it } from 'vitest';
import { ClosedKeySet } from '../../src/transforms/closed-keys.js';

describe('ClosedKeySet', () => {
  it('remembers many keys with their closing ordinal across growth', () => {
    const set = new ClosedKeySet();
    for (let i = 1; i <= 20_000; i++) set.add(`conversation-${i}`, i * 2);
    expect(set.size).toBe(20_000);
    for (const i of [1, 777, 12_345, 20_000]) expect(set.get(`conversation-${i}`)).toBe(i * 2);
    expect(set.get('conversation-20001')).toBeUndefined();
    expect(set.get('')).toBeUndefined();
  });

  it('keeps the first ordinal of a key added twice and refuses ordinal 0', () => {
    const set = new ClosedKeySet();
    set.add('a', 3);
    set.add('a', 9);
    expect(set.get('a')).toBe(3);
    expect(set.size).toBe(1);
    expect(() => set.add('b', 0)).toThrow(RangeError);
  });
});

describe('ClosedKeySet.claim', () => {
  it('adds a new key and reports the first ordinal of one seen before', () => {
    const set = new ClosedKeySet();
    expect(set.claim('a', 1)).toBeUndefined();
    expect(set.claim('b', 2)).toBeUndefined();
    expect(set.claim('a', 3)).toBe(1);
    expect(set.size).toBe(2);
    for (let i = 0; i < 5000; i++) expect(set.claim(`k${i}`, i + 10)).toBeUndefined();
    expect(set.claim('k4999', 1)).toBe(5009);
    expect(set.get('b')).toBe(2);
  });
});
