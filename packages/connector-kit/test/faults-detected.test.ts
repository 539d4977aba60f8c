import { describe, expect, it } from 'vitest';
import {
  checkAbortMidRead,
  checkAbortWhilePulling,
  checkChainedResume,
  checkCloseReleasesResources,
  checkCloseWithSuspendedRead,
  checkCount,
  checkEarlyBreakThenClose,
  checkFailingRead,
  checkFullRead,
  checkNothingAfterLast,
  checkPositionsSurviveJson,
  checkResumeAfterPositions,
  checkStableOrder,
  checkUniqueKeys,
} from '../src/index.js';
import type { ConformanceOptions } from '../src/index.js';
import { Handles, ReferenceSource } from './reference-source.js';
import type { Faults } from './reference-source.js';

const SIZE = 20;

function optionsWith(faults: Faults, overrides: Partial<ConformanceOptions> = {}): ConformanceOptions {
  const handles = new Handles();
  return {
    name: 'faulty',
    create: () => new ReferenceSource(SIZE, handles, faults),
    expectedCount: SIZE,
    resourcesInUse: handles.count,
    abortLatencyMs: 300,
    ...overrides,
  };
}

describe('each conformance check fails for the fault it guards against', () => {
  it('full read: a wrong expectedCount', async () => {
    await expect(checkFullRead(optionsWith({}, { expectedCount: SIZE + 1 }))).rejects.toThrow(/items yielded by a full read/);
  });

  it('positions: a Date inside a position does not survive JSON', async () => {
    await expect(checkPositionsSurviveJson(optionsWith({ positionWithDate: true }))).rejects.toThrow(/round trip/);
  });

  it('keys: a duplicate key', async () => {
    await expect(checkUniqueKeys(optionsWith({ duplicateKey: true }))).rejects.toThrow(/already used by item 4/);
  });

  it('order: a second read in another order', async () => {
    await expect(checkStableOrder(optionsWith({ shuffleSecondRead: true }))).rejects.toThrow(/second read/);
  });

  it('resume: overlap (the position item read again)', async () => {
    await expect(checkResumeAfterPositions(optionsWith({ overlapOnResume: true }))).rejects.toThrow(/resume after item 0/);
  });

  it('resume: a gap (one item skipped)', async () => {
    await expect(checkResumeAfterPositions(optionsWith({ dropAfterResume: true }))).rejects.toThrow(/resume after item 0/);
  });

  it('resume: overlap at the end shows as items after the last position', async () => {
    await expect(checkNothingAfterLast(optionsWith({ overlapOnResume: true }))).rejects.toThrow(/after the last position/);
  });

  it('chained resume: a gap between chunks', async () => {
    await expect(checkChainedResume(optionsWith({ dropAfterResume: true }))).rejects.toThrow(/each resumed after the previous/);
  });

  it('lifecycle: a read left early that never releases its handle', async () => {
    await expect(checkEarlyBreakThenClose(optionsWith({ leakOnBreak: true }))).rejects.toThrow(/resources in use after an early break/);
  });

  it('lifecycle: close() that does not release the connection', async () => {
    await expect(checkCloseReleasesResources(optionsWith({ leakOnClose: true }))).rejects.toThrow(/without a read/);
  });

  it('lifecycle: close() that forgets a suspended read', async () => {
    await expect(checkCloseWithSuspendedRead(optionsWith({ leakOnBreak: true }))).rejects.toThrow(/read left suspended/);
  });

  it('abort: a source that ignores its signal', async () => {
    await expect(checkAbortMidRead(optionsWith({ ignoreAbort: true }))).rejects.toThrow(/items yielded after the abort/);
    await expect(checkAbortWhilePulling(optionsWith({ ignoreAbort: true }))).rejects.toThrow(/after the abort/);
  });

  it('abort: a source that throws instead of ending', async () => {
    await expect(checkAbortMidRead(optionsWith({ throwOnAbort: true }))).rejects.toThrow(/aborted/);
  });

  it('abort: a source too slow to notice', async () => {
    const slow = optionsWith({ ignoreAbort: true }, { abortLatencyMs: 1 });
    await expect(checkAbortMidRead(slow)).rejects.toThrow(/within 1 ms|after the abort/);
  });

  it('count: an exact count that is wrong', async () => {
    await expect(checkCount(optionsWith({ wrongCount: true }))).rejects.toThrow(/exact count/);
  });

  describe('failing read', () => {
    const failing = (faults: Faults): ConformanceOptions => {
      const handles = new Handles();
      return optionsWith({}, {
        resourcesInUse: handles.count,
        createFailing: async () => ({
          source: new ReferenceSource(SIZE, handles, { failAfter: 8, ...faults }),
          failsAfter: 8,
          recovered: () => new ReferenceSource(SIZE, handles, faults.overlapOnResume ? { overlapOnResume: true } : {}),
        }),
      });
    };

    it('passes for a well-behaved failure', async () => {
      await expect(checkFailingRead(failing({}))).resolves.toBeUndefined();
    });

    it('a lastPosition that is not the last yielded', async () => {
      await expect(checkFailingRead(failing({ wrongLastPosition: true }))).rejects.toThrow(/lastPosition is the last position yielded/);
    });

    it('an error that is not a SourceReadError', async () => {
      await expect(checkFailingRead(failing({ plainError: true }))).rejects.toThrow(/ended without an error|SourceReadError/);
    });

    it('a recovered source that overlaps on resume', async () => {
      await expect(checkFailingRead(failing({ overlapOnResume: true }))).rejects.toThrow(/resume after lastPosition/);
    });

    it('a read that never fails', async () => {
      const handles = new Handles();
      const neverFails = optionsWith({}, {
        createFailing: async () => ({ source: new ReferenceSource(SIZE, handles), failsAfter: 8 }),
      });
      await expect(checkFailingRead(neverFails)).rejects.toThrow(/ended without an error after 20 items/);
    });
  });
});
