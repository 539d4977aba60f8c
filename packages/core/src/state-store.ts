import type { Position } from './source.js';
import type { RecordOutcome, RunCounts } from './pipeline-types.js';

export interface RunInfo {
  runId: string;
  pipeline: string;
  startedAt: string;
  endedAt?: string;
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  configHash: string;
  mappingHash: string;
  counts: RunCounts;
}

/** A record's latest outcome as the ledger holds it. */
export interface LedgerEntry extends RecordOutcome {
  runId: string;
  /** ISO-8601 time the outcome was recorded. */
  updatedAt: string;
}

/**
 * Durable run state: checkpoints, a ledger of record outcomes, and run history.
 * Holds positions, ids, outcomes and error messages only: never document text or credentials.
 */
export interface StateStore {
  /** Creates tables/files if needed. */
  init(): Promise<void>;
  getCheckpoint(pipeline: string): Promise<Position | undefined>;
  /** The mapping hash of the last run of this pipeline, to detect a changed mapping. */
  lastMappingHash(pipeline: string): Promise<string | undefined>;
  startRun(pipeline: string, hashes: { configHash: string; mappingHash: string }): Promise<RunInfo>;
  /**
   * Records outcomes and, when given, moves the checkpoint; atomically. A record's latest outcome replaces
   * any earlier one (re-drives).
   */
  commit(runId: string, pipeline: string, outcomes: RecordOutcome[], checkpoint?: Position): Promise<void>;
  finishRun(runId: string, status: RunInfo['status'], counts: RunCounts): Promise<void>;
  /** Records whose latest outcome is rejected or failed, most recent first (default limit 100). */
  failures(pipeline: string, options?: { limit?: number }): Promise<LedgerEntry[]>;
  /**
   * Every record whose latest outcome is rejected or failed, ordered by record key, read page by page so a
   * large ledger is never held in memory (`etl retry`). Outcomes may be committed while iterating: pages
   * continue after the last key seen, so no failure is skipped or repeated.
   */
  iterateFailures(pipeline: string, options?: { pageSize?: number }): AsyncIterable<LedgerEntry>;
  /** Counts of latest outcomes per status for the pipeline. */
  ledgerCounts(pipeline: string): Promise<Omit<RunCounts, 'read'>>;
  /** Run history, newest first (default limit 20). */
  runs(pipeline: string, limit?: number): Promise<RunInfo[]>;
  /** Forgets checkpoint and ledger (`--from-scratch`); run history is kept. */
  reset(pipeline: string): Promise<void>;
  close(): Promise<void>;
}
