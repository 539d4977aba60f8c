import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../src/index.js';

function draw(injector: FaultInjector, n: number): Array<number | undefined> {
  return Array.from({ length: n }, () => injector.serverError());
}

describe('FaultInjector', () => {
  it('gives the same fault sequence for the same seed', () => {
    const a = draw(new FaultInjector({ seed: 42, serverError: { rate: 0.3 } }), 200);
    const b = draw(new FaultInjector({ seed: 42, serverError: { rate: 0.3 } }), 200);
    const c = draw(new FaultInjector({ seed: 7, serverError: { rate: 0.3 } }), 200);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('fires at roughly the configured rate', () => {
    const fired = draw(new FaultInjector({ seed: 1, serverError: { rate: 0.25 } }), 4000).filter((s) => s !== undefined).length;
    expect(fired).toBeGreaterThan(800);
    expect(fired).toBeLessThan(1200);
  });

  it('fires exactly `count` times first, then never without a rate', () => {
    const injector = new FaultInjector({ dropAfterAccept: { count: 2 }, rateLimit: { count: 1, retryAfterSeconds: 4 } });
    expect([injector.dropAfterAccept(), injector.dropAfterAccept(), injector.dropAfterAccept()]).toEqual([true, true, false]);
    expect(injector.rateLimit()).toEqual({ retryAfterSeconds: 4 });
    expect(injector.rateLimit()).toBeUndefined();
    expect(injector.remaining).toEqual({ rateLimit: 0, serverError: 0, dropAfterAccept: 0 });
  });

  it('rejects impossible settings', () => {
    expect(() => new FaultInjector({ serverError: { rate: 2 } })).toThrow(/rate/);
    expect(() => new FaultInjector({ serverError: { status: 404 } })).toThrow(/5xx/);
    expect(() => new FaultInjector({ dropAfterAccept: { count: -1 } })).toThrow(/count/);
  });
});
