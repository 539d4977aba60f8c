import { emptyCounts, redactUrlCredentials } from '@synap-etl/core';
import type { LedgerEntry, Position, RecordOutcome, RecordStatus, RunCounts, RunInfo } from '@synap-etl/core';
import { stateError } from './state-error.js';

/**
 * The row shapes both stores share, and the conversions to and from the core types. Everything that
 * reaches a table goes through here, so the "no document text, no credentials" rule is enforced once.
 */

/** Reasons are error messages; a long one may quote a whole document, so only its start is kept. */
export const MAX_REASON_LENGTH = 500;
const MAX_SHORT_TEXT_LENGTH = 200;

export const RECORD_STATUSES: readonly RecordStatus[] = ['delivered', 'already_present', 'rejected', 'filtered', 'failed'];
export const RUN_STATUSES: readonly RunInfo['status'][] = ['running', 'completed', 'interrupted', 'failed'];
export const FAILURE_STATUSES: readonly RecordStatus[] = ['rejected', 'failed'];
/** The condition selecting failures; spelled identically in the partial index and the queries so it is used. */
export const FAILURE_FILTER = `status IN (${sqlList(FAILURE_STATUSES)})`;

// A type alias, not an interface, so it can be passed where a plain record of columns is expected.
export type LedgerRow = {
  pipeline: string;
  record_key: string;
  position: string;
  /** JSON text of `previous`: 'null' is the start of the source, SQL NULL means unknown. */
  previous: string | null;
  status: string;
  reason: string | null;
  field: string | null;
  document_id: string | null;
  ingestion_id: string | null;
  batch_id: string | null;
  attempts: number | null;
  run_id: string;
  updated_at: string;
};

export type CheckpointRow = {
  pipeline: string;
  position: string;
  updated_at: string;
  run_id: string;
};

function truncate(text: string | undefined, max: number): string | null {
  if (text === undefined) return null;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function positionToJson(position: Position): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(position);
  } catch (error) {
    throw stateError('a source position is not JSON', 'this is a connector bug: positions must be plain JSON', error);
  }
  if (json === undefined) {
    throw stateError('a source position is missing', 'this is a connector bug: every record needs a position');
  }
  return json;
}

/** Parses a JSON column: SQLite hands back text, PostgreSQL jsonb is already parsed by the driver. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Keeps only the last outcome of each record key: a batch may settle a record twice (retried parts). */
export function latestPerKey(outcomes: readonly RecordOutcome[]): RecordOutcome[] {
  const byKey = new Map<string, RecordOutcome>();
  for (const outcome of outcomes) {
    byKey.delete(outcome.key);
    byKey.set(outcome.key, outcome);
  }
  return [...byKey.values()];
}

/** Only the listed fields are copied: an outcome object carrying anything else (document text) loses it here. */
export function toLedgerRow(pipeline: string, runId: string, outcome: RecordOutcome, now: string): LedgerRow {
  return {
    pipeline,
    record_key: outcome.key,
    position: positionToJson(outcome.position),
    previous: outcome.previous === undefined ? null : positionToJson(outcome.previous),
    status: outcome.status,
    reason: truncate(outcome.reason === undefined ? undefined : redactUrlCredentials(outcome.reason), MAX_REASON_LENGTH),
    field: truncate(outcome.field, MAX_SHORT_TEXT_LENGTH),
    document_id: outcome.documentId ?? null,
    ingestion_id: outcome.ingestionId ?? null,
    batch_id: outcome.batchId ?? null,
    attempts: outcome.attempts ?? null,
    run_id: runId,
    updated_at: now,
  };
}

/** What one commit writes, stamped with one time: the latest outcome of each record and the new checkpoint, if any. */
export function commitRows(
  pipeline: string,
  runId: string,
  outcomes: readonly RecordOutcome[],
  checkpoint: Position | undefined,
): { ledger: LedgerRow[]; checkpoint?: CheckpointRow } {
  const now = new Date().toISOString();
  const ledger = latestPerKey(outcomes).map((outcome) => toLedgerRow(pipeline, runId, outcome, now));
  if (checkpoint === undefined) return { ledger };
  return { ledger, checkpoint: { pipeline, position: positionToJson(checkpoint), updated_at: now, run_id: runId } };
}

/** Times come back as text from SQLite and as Date from PostgreSQL. */
export function isoTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export function fromLedgerRow(row: Record<string, unknown>): LedgerEntry {
  const entry: LedgerEntry = {
    key: String(row.record_key),
    position: parseJson<Position>(row.position),
    status: row.status as RecordStatus,
    runId: String(row.run_id),
    updatedAt: isoTime(row.updated_at),
  };
  if (row.previous != null) entry.previous = parseJson<Position>(row.previous);
  if (row.reason != null) entry.reason = String(row.reason);
  if (row.field != null) entry.field = String(row.field);
  if (row.document_id != null) entry.documentId = String(row.document_id);
  if (row.ingestion_id != null) entry.ingestionId = String(row.ingestion_id);
  if (row.batch_id != null) entry.batchId = String(row.batch_id);
  if (row.attempts != null) entry.attempts = Number(row.attempts);
  return entry;
}

export function countsFromRows(rows: ReadonlyArray<{ status: unknown; n: unknown }>): Omit<RunCounts, 'read'> {
  const { read: _read, ...counts } = emptyCounts();
  for (const row of rows) {
    const status = row.status as keyof typeof counts;
    if (status in counts) counts[status] = Number(row.n);
  }
  return counts;
}

/** SQL `IN (...)` list for a fixed set of known words (never user input). */
export function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}
