import { expect } from 'vitest';
import type { SourceItem } from '@synap-etl/core';
import { collect, within } from '../collect.js';
import { DEFAULT_ABORT_LATENCY_MS, MAX_ITEMS_AFTER_ABORT } from '../conformance-options.js';
import type { ConformanceOptions } from '../conformance-options.js';
import { expectBaseline } from './lifecycle.js';

/**
 * Aborting the signal mid-read ends the iteration (it returns, it does not throw) within the latency bound,
 * after at most a few more items; the source then closes cleanly.
 */
export async function checkAbortMidRead(options: ConformanceOptions): Promise<void> {
  const latency = options.abortLatencyMs ?? DEFAULT_ABORT_LATENCY_MS;
  const baseline = await options.resourcesInUse?.();
  const source = await options.create();
  await source.open();
  try {
    const controller = new AbortController();
    const iterator = source.read({ signal: controller.signal })[Symbol.asyncIterator]();
    const before = Math.min(3, options.expectedCount - 1);
    for (let i = 0; i < before; i++) {
      expect((await iterator.next()).done, `pull ${i} before the abort`).toBe(false);
    }
    controller.abort();
    const started = Date.now();
    const after: SourceItem[] = [];
    const drain = async (): Promise<void> => {
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) after.push(step.value);
    };
    await within(drain(), latency, 'the read after its signal was aborted');
    expect(Date.now() - started, 'ms from abort to the end of the iteration').toBeLessThanOrEqual(latency);
    expect(after.length, 'items yielded after the abort').toBeLessThanOrEqual(MAX_ITEMS_AFTER_ABORT);
  } finally {
    await source.close();
  }
  await expectBaseline(options, baseline, 'after an aborted read and close()');
}

/** A pull already waiting when the signal fires settles promptly, and a read started with an aborted signal yields nothing. */
export async function checkAbortWhilePulling(options: ConformanceOptions): Promise<void> {
  const latency = options.abortLatencyMs ?? DEFAULT_ABORT_LATENCY_MS;
  const source = await options.create();
  await source.open();
  try {
    const controller = new AbortController();
    const iterator = source.read({ signal: controller.signal })[Symbol.asyncIterator]();
    const pending = iterator.next();
    controller.abort();
    const yielded: SourceItem[] = [];
    const drain = async (): Promise<void> => {
      for (let step = await pending; !step.done; step = await iterator.next()) yielded.push(step.value);
    };
    await within(drain(), latency, 'a read aborted while its first pull was pending');
    expect(yielded.length, 'items yielded after the abort').toBeLessThanOrEqual(MAX_ITEMS_AFTER_ABORT);

    const aborted = AbortSignal.abort();
    const items = await within(collect(source, { signal: aborted }), latency, 'a read started with an aborted signal');
    expect(items.length, 'items yielded by a read started with an aborted signal').toBe(0);

    const full = await collect(source);
    expect(full.length, 'a full read after the aborted ones').toBe(options.expectedCount);
  } finally {
    await source.close();
  }
}
