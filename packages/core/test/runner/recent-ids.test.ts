import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/runner/recent-ids.js';

describe('RecentIds', () => {
  it('recognises a repeated id, also across a generation change', () => {
    const ids = new RecentIds(3);
    expect(['a', 'b', 'a'].map((id) => ids.seen(id))).toEqual([false, false, true]);
    // 'c' fills the generation {a, b, c}; 'd' starts a new one, and the old ids are still known.
    expect(ids.seen('c')).toBe(false);
    expect(ids.seen('d')).toBe(false);
    expect(ids.seen('b')).toBe(true);
  });

  it('forgets ids older than two generations, so memory stays bounded', () => {
    const ids = new RecentIds(2);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) expect(ids.seen(id)).toBe(false);
    expect(ids.seen('a')).toBe(false);
    expect(ids.seen('f')).toBe(true);
  });

  it('always remembers at least the last `generation` ids', () => {
    const ids = new RecentIds(100);
    for (let i = 0; i < 1000; i++) {
      expect(ids.seen(`k${i}`)).toBe(false);
      if (i >= 100) expect(ids.seen(`k${i - 99}`)).toBe(true);
    }
  });
});
