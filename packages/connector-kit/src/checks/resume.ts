import { expect } from 'vitest';
import type { Position } from '@synap-etl/core';
import { collect, identities, jsonRoundTrip, withOpenSource } from '../collect.js';
import type { ConformanceOptions } from '../conformance-options.js';
import { resumePoints } from '../resume-points.js';

/**
 * Resuming after the item at each resume point yields exactly the items after it: no gap, no overlap. Done
 * with the position as yielded on the same source, and as a checkpoint store hands it back (JSON round
 * trip) to a fresh source instance, as the next run would.
 */
export async function checkResumeAfterPositions(options: ConformanceOptions): Promise<void> {
  const full = await withOpenSource(options.create, async (source) => {
    const all = identities(await collect(source));
    for (const index of resumePoints(all.length)) {
      const rest = identities(await collect(source, { after: all[index]?.position }));
      expect(rest, `resume after item ${index} (same source, position as yielded)`).toStrictEqual(all.slice(index + 1));
    }
    return all;
  });
  await withOpenSource(options.create, async (source) => {
    for (const index of resumePoints(full.length)) {
      const stored = jsonRoundTrip(full[index]?.position);
      const rest = identities(await collect(source, { after: stored }));
      expect(rest, `resume after item ${index} (fresh source, position from JSON)`).toStrictEqual(full.slice(index + 1));
    }
  });
}

export async function checkNothingAfterLast(options: ConformanceOptions): Promise<void> {
  await withOpenSource(options.create, async (source) => {
    const all = await collect(source);
    expect(all.length, 'fixture is empty').toBeGreaterThan(0);
    const last = all[all.length - 1]?.position;
    expect(await collect(source, { after: last }), 'read after the last position').toEqual([]);
    expect(await collect(source, { after: jsonRoundTrip(last) }), 'read after the last position (from JSON)').toEqual([]);
  });
}

/** Resuming after a position, then again after a position of that resumed read, chains without gap or overlap. */
export async function checkChainedResume(options: ConformanceOptions): Promise<void> {
  await withOpenSource(options.create, async (source) => {
    const all = identities(await collect(source));
    const step = Math.max(1, Math.floor(all.length / 4));
    const chained: typeof all = [];
    let after: Position | undefined;
    for (;;) {
      const part = identities(await collect(source, after === undefined ? { limit: step } : { after, limit: step }));
      if (part.length === 0) break;
      chained.push(...part);
      after = jsonRoundTrip(part[part.length - 1]?.position);
      expect(chained.length, 'chained reads yield more items than a full read').toBeLessThanOrEqual(all.length);
    }
    expect(chained, `reads of ${step} items, each resumed after the previous one`).toStrictEqual(all);
  });
}
