import { expect } from 'vitest';
import { collect, identities, settle } from '../collect.js';
import type { ConformanceOptions } from '../conformance-options.js';

/** Leaving a read early (a consumer `break`s), then reading again and closing, all work. */
export async function checkEarlyBreakThenClose(options: ConformanceOptions): Promise<void> {
  const baseline = await options.resourcesInUse?.();
  const source = await options.create();
  await source.open();
  let closed = false;
  try {
    const head = identities(await collect(source, { limit: 3 }));
    expect(head.length, 'items before the break').toBe(Math.min(3, options.expectedCount));
    const again = identities(await collect(source));
    expect(again.length, 'full read after an early break').toBe(options.expectedCount);
    expect(again.slice(0, head.length), 'the read after an early break starts from the beginning').toStrictEqual(head);
    await collect(source, { limit: 1 });
    await source.close();
    closed = true;
  } finally {
    if (!closed) await source.close();
  }
  await expectBaseline(options, baseline, 'after an early break and close()');
}

/** open() then close() without any read, and a full read then close(), leave nothing in use. */
export async function checkCloseReleasesResources(options: ConformanceOptions): Promise<void> {
  const baseline = await options.resourcesInUse?.();
  const idle = await options.create();
  await idle.open();
  await idle.close();
  await expectBaseline(options, baseline, 'after open() and close() without a read');

  const source = await options.create();
  await source.open();
  try {
    expect((await collect(source)).length).toBe(options.expectedCount);
  } finally {
    await source.close();
  }
  await expectBaseline(options, baseline, 'after a full read and close()');
}

/** A read left suspended mid-way (never finished nor returned) is released by close(). */
export async function checkCloseWithSuspendedRead(options: ConformanceOptions): Promise<void> {
  const baseline = await options.resourcesInUse?.();
  const source = await options.create();
  await source.open();
  const iterator = source.read()[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    expect(first.done, 'the first pull of a read').toBe(false);
  } finally {
    await source.close();
  }
  await expectBaseline(options, baseline, 'after close() with a read left suspended');
  // Whatever the abandoned iterator does now (end or throw), it must not hang or hold anything again.
  await iterator.return?.().catch(() => undefined);
  await expectBaseline(options, baseline, 'after returning the abandoned iterator');
}

export async function expectBaseline(options: ConformanceOptions, baseline: number | undefined, when: string): Promise<void> {
  if (options.resourcesInUse === undefined || baseline === undefined) return;
  const now = await settle(options.resourcesInUse, (value) => value <= baseline);
  expect(now, `resources in use ${when} (baseline ${baseline})`).toBeLessThanOrEqual(baseline);
}
