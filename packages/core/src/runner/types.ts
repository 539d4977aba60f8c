import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { BatchLimits } from '../batcher.js';
import type { Logger } from '../logger.js';
import type { Mapper, RecordOutcome, RunCounts, Sink, Stage, StageItem } from '../pipeline-types.js';
import type { Position, Source } from '../source.js';

/** Receives outcomes and checkpoint moves, in order; the state store implements it. Calls never overlap. */
export interface OutcomeRecorder {
  record(outcomes: RecordOutcome[], checkpoint: Position | undefined): Promise<void>;
}

export interface RunProgress {
  counts: RunCounts;
  documentsSent: number;
  batchesSent: number;
  inFlight: number;
  elapsedMs: number;
}

interface RunOptionsBase {
  mapper: Mapper;
  /** Post-mapping text transforms (redaction, truncation). */
  documentTransform?: ((request: CreateMemoryRequest) => CreateMemoryRequest) | undefined;
  sink: Sink;
  batch?: BatchLimits;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Aborting stops reading; in-flight batches get `drainTimeoutMs` to finish. */
  signal?: AbortSignal;
  /** Aborting cancels in-flight batches at once (a second Ctrl-C). */
  hardSignal?: AbortSignal;
  drainTimeoutMs?: number;
  /** Stop the run after this many consecutive batches whose every document failed (an outage). Default 3. */
  maxConsecutiveFailedBatches?: number;
  recorder?: OutcomeRecorder;
  /** Document ids remembered per generation to reject a repeated id in a run (see RecentIds). */
  recentIds?: number;
  /** Read at most this many source records, then finish as usual (a trial run); the checkpoint keeps the place. */
  limit?: number;
  /** Outcomes buffered before a commit when no batch completes (filtered/rejected streaks). */
  commitEvery?: number;
  onProgress?: (progress: RunProgress) => void;
  logger?: Logger;
}

/** A run reading a source through stages (`etl run`). */
export interface SourceRunOptions extends RunOptionsBase {
  source: Source;
  stages?: readonly Stage[];
  /** Resume strictly after this source position. */
  after?: Position;
  items?: never;
}

/**
 * A run over items produced elsewhere (`etl retry` re-reads chosen stretches of the source itself). The items
 * must carry `previous` on their sources and should carry no checkpoint; `counts.read` is the records settled.
 */
export interface ItemsRunOptions extends RunOptionsBase {
  /** Called once; the iterable should stop promptly once `signal` is aborted. */
  items: (signal: AbortSignal) => AsyncIterable<StageItem>;
  source?: never;
  stages?: never;
  after?: never;
}

export type RunOptions = SourceRunOptions | ItemsRunOptions;

export interface RunSummary {
  status: 'completed' | 'interrupted' | 'failed';
  counts: RunCounts;
  documentsSent: number;
  batchesSent: number;
  elapsedMs: number;
  /** The last durable checkpoint reached (undefined when nothing was acknowledged). */
  checkpoint: Position | undefined;
  /** Why the run failed: a fatal sink error, a source read error, or a state error. */
  error?: unknown;
  /** The last reason a batch could not be delivered after retries (Synap unreachable, 5xx), when any was. */
  lastFailureReason?: string;
}
