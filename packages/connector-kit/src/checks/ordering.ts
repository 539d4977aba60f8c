import { expect } from 'vitest';
import { isInvalidRecord } from '@synap-etl/core';
import { collect, identities, jsonRoundTrip, withOpenSource } from '../collect.js';
import type { ConformanceOptions } from '../conformance-options.js';

/** A full read yields `expectedCount` well-formed items: a key, a position, and data or an invalid message. */
export async function checkFullRead(options: ConformanceOptions): Promise<void> {
  const items = await withOpenSource(options.create, (source) => collect(source));
  expect(items.length, 'items yielded by a full read').toBe(options.expectedCount);
  items.forEach((item, index) => {
    const where = `item ${index} (key ${JSON.stringify(item.key)})`;
    expect(typeof item.key, `${where}: key type`).toBe('string');
    expect(item.key.length, `${where}: key is empty`).toBeGreaterThan(0);
    expect(item.position, `${where}: position`).not.toBeUndefined();
    if (isInvalidRecord(item)) {
      expect(typeof item.invalid.message, `${where}: invalid.message`).toBe('string');
      expect(item.invalid.message.length, `${where}: invalid.message is empty`).toBeGreaterThan(0);
    } else {
      expect(item.data !== null && typeof item.data === 'object' && !Array.isArray(item.data), `${where}: data is an object`).toBe(true);
    }
  });
}

/** Positions go into checkpoint stores as JSON: they must come back equal. */
export async function checkPositionsSurviveJson(options: ConformanceOptions): Promise<void> {
  const items = await withOpenSource(options.create, (source) => collect(source));
  for (const [index, item] of items.entries()) {
    const text = JSON.stringify(item.position);
    expect(typeof text, `item ${index}: position is not JSON-serialisable`).toBe('string');
    expect(jsonRoundTrip(item.position), `item ${index}: position after a JSON round trip`).toStrictEqual(item.position);
  }
}

export async function checkUniqueKeys(options: ConformanceOptions): Promise<void> {
  const items = await withOpenSource(options.create, (source) => collect(source));
  const seen = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const earlier = seen.get(item.key);
    expect(earlier, `key ${JSON.stringify(item.key)} of item ${index} was already used by item ${earlier}`).toBeUndefined();
    seen.set(item.key, index);
  }
}

/** Two reads of one source, and a read of a second instance, yield the same keys and positions in the same order. */
export async function checkStableOrder(options: ConformanceOptions): Promise<void> {
  const [first, second] = await withOpenSource(options.create, async (source) => [
    identities(await collect(source)),
    identities(await collect(source)),
  ]);
  expect(second, 'second read of the same source').toStrictEqual(first);
  const other = await withOpenSource(options.create, async (source) => identities(await collect(source)));
  expect(other, 'read of a second source instance').toStrictEqual(first);
}
