import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { Position } from './source.js';

/** A source record's identity as it travels through the pipeline and into the ledger. */
export interface SourceRef {
  position: Position;
  key: string;
  /**
   * Set when one record becomes several documents (a messages array unwound into windows): this document is
   * part `index` of `count`. The record is accounted once, when all its parts are settled.
   */
  part?: { index: number; count: number };
  /**
   * Where a read must start to reproduce the item holding this record: the last checkpoint the stages handed
   * out before that item (for a plain source, the position of the record read just before it); null = the
   * start of the source. The runner sets it; `etl retry` re-reads with `read({ after: previous })`.
   */
  previous?: Position;
}

/**
 * A unit of work between the source and the mapper. Usually one record; after grouping, one transcript
 * covering several records (`sources`, in source order).
 *
 * `checkpoint`, when set, is a position such that every source record at or before it has been emitted,
 * in this item or an earlier one. A stage that holds records back (grouping) leaves it unset on items it
 * lets through meanwhile. The runner advances the durable checkpoint only to such positions.
 */
export interface WorkItem {
  kind: 'work';
  /** Identity used to derive a stable document_id when none is mapped. */
  key: string;
  data: Record<string, unknown>;
  sources: SourceRef[];
  checkpoint?: Position;
}

/** Records that end before delivery: rejected (undecodable, invalid) or filtered out, with the reason. */
export interface SettledItem {
  kind: 'settled';
  status: 'rejected' | 'filtered';
  reason: string;
  field?: string;
  sources: SourceRef[];
  checkpoint?: Position;
}

export type StageItem = WorkItem | SettledItem;

/** A streaming transform between source and mapper (filters, grouping, redaction). Pull-based: backpressure is kept. */
export type Stage = (input: AsyncIterable<StageItem>) => AsyncIterable<StageItem>;

export type MapResult =
  | { ok: true; request: CreateMemoryRequest }
  | { ok: false; field: string; message: string };

export interface Mapper {
  map(item: WorkItem): MapResult;
}

/** Final state of one source record. Exactly one per record per run. */
export type RecordStatus = 'delivered' | 'already_present' | 'rejected' | 'filtered' | 'failed';

export interface RecordOutcome {
  position: Position;
  key: string;
  status: RecordStatus;
  /** See `SourceRef.previous`; undefined when unknown. */
  previous?: Position;
  reason?: string;
  field?: string;
  documentId?: string;
  ingestionId?: string;
  batchId?: string;
  attempts?: number;
}

/** What the sink says of one document of a batch. */
export type ItemResult =
  | { status: 'delivered'; ingestionId?: string }
  | { status: 'already_present' }
  | { status: 'rejected'; reason: string }
  | { status: 'failed'; reason: string };

export interface BatchResult {
  batchId?: string;
  attempts: number;
  items: ItemResult[];
}

/**
 * Where documents go. `deliver` returns one result per document, in order. It throws an `EtlError` only
 * for conditions that must stop the run (bad credentials, no credits); transient failures it could not
 * overcome come back as `failed` items.
 */
export interface Sink {
  deliver(documents: CreateMemoryRequest[], signal?: AbortSignal): Promise<BatchResult>;
}

export interface RunCounts {
  read: number;
  delivered: number;
  already_present: number;
  rejected: number;
  filtered: number;
  failed: number;
}

export function emptyCounts(): RunCounts {
  return { read: 0, delivered: 0, already_present: 0, rejected: 0, filtered: 0, failed: 0 };
}

/** `field: message`, without repeating the field when the message already starts with it. */
export function rejectionReason(field: string, message: string): string {
  return message.startsWith(`${field}:`) || message.startsWith(`${field} `) ? message : `${field}: ${message}`;
}
