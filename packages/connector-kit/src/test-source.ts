import { describe, expect, it } from 'vitest';
import { checkAbortMidRead, checkAbortWhilePulling } from './checks/abort.js';
import { checkCount } from './checks/count.js';
import { checkFailingRead } from './checks/failure.js';
import { checkCloseReleasesResources, checkCloseWithSuspendedRead, checkEarlyBreakThenClose } from './checks/lifecycle.js';
import { checkFullRead, checkPositionsSurviveJson, checkStableOrder, checkUniqueKeys } from './checks/ordering.js';
import { checkChainedResume, checkNothingAfterLast, checkResumeAfterPositions } from './checks/resume.js';
import { MIN_FIXTURE_ITEMS } from './conformance-options.js';
import type { ConformanceOptions } from './conformance-options.js';

/**
 * Registers the conformance suite for one source fixture: `describe('conformance: <name>')` with one test
 * per property of the Source contract (packages/core/src/source.ts). Call it at the top level of a test file.
 */
export function testSource(options: ConformanceOptions): void {
  describe(`conformance: ${options.name}`, () => {
    it('the fixture is large enough to resume in the middle', () => {
      expect(options.expectedCount).toBeGreaterThanOrEqual(MIN_FIXTURE_ITEMS);
    });
    it('a full read yields expectedCount well-formed items', () => checkFullRead(options));
    it('positions are JSON values that survive a round trip', () => checkPositionsSurviveJson(options));
    it('keys are unique', () => checkUniqueKeys(options));
    it('reads are repeatable: same keys and positions in the same order', () => checkStableOrder(options));
    it('resuming after a position yields exactly the remaining items', () => checkResumeAfterPositions(options));
    it('reading after the last position yields nothing', () => checkNothingAfterLast(options));
    it('short reads chained by their last position cover the source exactly', () => checkChainedResume(options));
    it('breaking out of a read early, then reading again and closing, works', () => checkEarlyBreakThenClose(options));
    it('close() releases what open() and read() took', () => checkCloseReleasesResources(options));
    it('close() releases a read left suspended', () => checkCloseWithSuspendedRead(options));
    it('aborting the signal mid-read ends the iteration promptly', () => checkAbortMidRead(options));
    it('aborting while a pull is pending, or before the read, ends it promptly', () => checkAbortWhilePulling(options));
    it('count(), when answered, is well-formed and exact only when true', () => checkCount(options));
    if (options.createFailing !== undefined) {
      it('a failing read throws SourceReadError carrying the last position yielded', () => checkFailingRead(options));
    }
  });
}
