import { expect } from 'vitest';
import type { RecordCount } from '@synap-etl/core';
import { collect, jsonRoundTrip, withOpenSource } from '../collect.js';
import type { ConformanceOptions } from '../conformance-options.js';

/**
 * `count()` is optional. When it answers, the value is a non-negative integer; when it claims to be exact,
 * it equals the items a read yields, from the start and after a position.
 */
export async function checkCount(options: ConformanceOptions): Promise<void> {
  await withOpenSource(options.create, async (source) => {
    if (source.count === undefined) return;
    const total = await source.count();
    if (total === undefined) return;
    expectWellFormed(total, 'count()');
    if (!total.exact) return;
    expect(total.value, 'exact count()').toBe(options.expectedCount);
    const items = await collect(source);
    const index = Math.floor(items.length / 2);
    const after = jsonRoundTrip(items[index]?.position);
    const rest = await source.count({ after });
    expect(rest, `count({ after: item ${index} })`).toBeDefined();
    if (rest === undefined) return;
    expectWellFormed(rest, `count({ after: item ${index} })`);
    if (rest.exact) expect(rest.value, `exact count({ after: item ${index} })`).toBe(items.length - index - 1);
  });
}

function expectWellFormed(count: RecordCount, what: string): void {
  expect(Number.isInteger(count.value), `${what}.value is an integer`).toBe(true);
  expect(count.value, `${what}.value`).toBeGreaterThanOrEqual(0);
  expect(typeof count.exact, `${what}.exact`).toBe('boolean');
}
