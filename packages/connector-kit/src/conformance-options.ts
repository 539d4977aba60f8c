import type { Source } from '@synap-etl/core';

/** A source whose read throws part-way, and optionally the same data readable without the fault. */
export interface FailingSource {
  /** Un-opened; its read must throw `SourceReadError` after yielding about `failsAfter` items. */
  source: Source;
  failsAfter: number;
  /**
   * A fresh, un-opened source over the same records without the fault (the file restored, the server back).
   * When given, the suite checks that resuming after the error's `lastPosition` continues with no gap and no
   * overlap.
   */
  recovered?(): Promise<Source> | Source;
}

export interface ConformanceOptions {
  /** Shown in the describe block: `conformance: <name>`. */
  name: string;
  /**
   * A fresh, un-opened source over a fixture the connector's test prepared, holding `expectedCount` items
   * (records and invalid records alike), at least about 20 so resume points fall in the middle.
   */
  create(): Promise<Source> | Source;
  expectedCount: number;
  createFailing?(): Promise<FailingSource>;
  /** Open connections, file handles, ...: must return to its value before `create()` once `close()` resolves. */
  resourcesInUse?(): Promise<number>;
  /** How long a read may keep going after its signal is aborted. Default 2000 ms. */
  abortLatencyMs?: number;
}

export const DEFAULT_ABORT_LATENCY_MS = 2000;

/** Items a source may still yield after its signal is aborted (one already in hand, say). */
export const MAX_ITEMS_AFTER_ABORT = 3;

/** Below this many items the resume points (first, middle, second-to-last, last) overlap and prove little. */
export const MIN_FIXTURE_ITEMS = 8;
