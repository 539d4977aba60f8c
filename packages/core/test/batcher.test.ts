import { describe, expect, it } from 'vitest';
import { Batcher, documentBytes } from '@synap-etl/core';

const entry = (document: string) => ({ request: { document } });

describe('Batcher', () => {
  it('refuses sizes outside 1..100', () => {
    expect(() => new Batcher({ size: 0, maxBytes: 1000 })).toThrow(/1 to 100/);
    expect(() => new Batcher({ size: 101, maxBytes: 1000 })).toThrow(/1 to 100/);
    expect(() => new Batcher({ size: 2.5, maxBytes: 1000 })).toThrow();
    expect(() => new Batcher({ size: 100, maxBytes: 1000 })).not.toThrow();
  });

  it('emits full batches of exactly `size` and the remainder on flush, in order', () => {
    const b = new Batcher<ReturnType<typeof entry>>({ size: 100, maxBytes: 1e9 });
    const out: string[][] = [];
    for (let i = 0; i < 250; i++) {
      const ready = b.push(entry(`d${i}`));
      if (ready) out.push(ready.map((e) => e.request.document));
    }
    const rest = b.flush();
    if (rest) out.push(rest.map((e) => e.request.document));
    expect(out.map((x) => x.length)).toEqual([100, 100, 50]);
    expect(out.flat()).toEqual(Array.from({ length: 250 }, (_, i) => `d${i}`));
    expect(b.flush()).toBeUndefined();
  });

  it('splits by bytes before the count bound, and lets one oversized document go alone', () => {
    const size = documentBytes({ document: 'x'.repeat(100) });
    const b = new Batcher<ReturnType<typeof entry>>({ size: 50, maxBytes: size * 3 });
    const sizes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const ready = b.push(entry('x'.repeat(100)));
      if (ready) sizes.push(ready.length);
    }
    expect(sizes).toEqual([3, 3]);
    const big = b.push(entry('y'.repeat(10_000)));
    expect(big?.length).toBe(1);
    expect(b.flush()?.[0]?.request.document).toHaveLength(10_000);
  });
});
