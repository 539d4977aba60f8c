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
