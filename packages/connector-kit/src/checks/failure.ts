import { expect } from 'vitest';
import { SourceReadError } from '@synap-etl/core';
import type { Position, SourceItem } from '@synap-etl/core';
import { collect, identities, jsonRoundTrip, withOpenSource } from '../collect.js';
import type { ConformanceOptions } from '../conformance-options.js';
import { expectBaseline } from './lifecycle.js';

/**
 * A read that fails part-way throws `SourceReadError` whose `lastPosition` is the position of the last item
 * it yielded; close() still releases everything; and, when the fixture can recover, resuming after that
 * position yields exactly the rest.
 */
export async function checkFailingRead(options: ConformanceOptions): Promise<void> {
  if (options.createFailing === undefined) throw new Error('checkFailingRead needs createFailing');
  const baseline = await options.resourcesInUse?.();
  const failing = await options.createFailing();
  const yielded: SourceItem[] = [];
  let thrown: unknown;
  await failing.source.open();
  try {
    for await (const item of failing.source.read()) yielded.push(item);
  } catch (error) {
    thrown = error;
  } finally {
    await failing.source.close();
  }
  await expectBaseline(options, baseline, 'after a failed read and close()');

  expect(thrown, `the read ended without an error after ${yielded.length} items`).toBeInstanceOf(SourceReadError);
  const error = thrown as SourceReadError;
  expect(error.code).toBe('SOURCE_READ');
  expect(error.message.length, 'error message').toBeGreaterThan(0);
  expect(yielded.length, 'items yielded before the failure').toBeGreaterThan(0);
  expect(yielded.length, `items yielded before the failure (failsAfter ${failing.failsAfter})`).toBeLessThanOrEqual(
    Math.max(failing.failsAfter * 2, failing.failsAfter + 10),
  );
  const lastYielded = yielded[yielded.length - 1]?.position;
  expect(error.lastPosition, 'SourceReadError.lastPosition is the last position yielded').toStrictEqual(lastYielded);

  if (failing.recovered === undefined) return;
  const all = await withOpenSource(failing.recovered, async (source) => identities(await collect(source)));
  expect(identities(yielded), 'items before the failure are the start of the recovered read').toStrictEqual(all.slice(0, yielded.length));
  const after = jsonRoundTrip(error.lastPosition) as Position;
  const rest = await withOpenSource(failing.recovered, async (source) => identities(await collect(source, { after })));
  expect(rest, 'resume after lastPosition on the recovered source').toStrictEqual(all.slice(yielded.length));
}
