import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { BatchLimits } from '../batcher.js';
import type { Logger } from '../logger.js';
import type { Mapper, RecordOutcome, RunCounts, Sink, Stage } from '../pipeline-types.js';
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

export interface RunOptions {
  source: Source;
  stages?: readonly Stage[];
  mapper: Mapper;
  /** Post-mapping text transforms (redaction, truncation). */
  documentTransform?: ((request: CreateMemoryRequest) => CreateMemoryRequest) | undefined;
  sink: Sink;
  batch?: BatchLimits;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Resume strictly after this source position. */
  after?: Position;
  /** Aborting stops reading; in-flight batches get `drainTimeoutMs` to finish. */
  signal?: AbortSignal;
  /** Aborting cancels in-flight batches at once (a second Ctrl-C). */
  hardSignal?: AbortSignal;
  drainTimeoutMs?: number;
  recorder?: OutcomeRecorder;
  /** Outcomes buffered before a commit when no batch completes (filtered/rejected streaks). */
  commitEvery?: number;
  onProgress?: (progress: RunProgress) => void;
  logger?: Logger;
}

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
}
