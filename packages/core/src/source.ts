import type { z } from 'zod';
import type { JsonValue } from './json.js';
import type { Logger } from './logger.js';

/**
 * A position is an opaque, JSON-serialisable marker a source hands out with each record.
 * Reading with `after: position` continues strictly after that record: no gap, no overlap.
 * Positions are stored in checkpoints and ledgers, so they never contain record content or secrets.
 */
export type Position = JsonValue;

/** One record read from a source. */
export interface SourceRecord {
  position: Position;
  /** Stable identity of the record within its source (a primary key, `file:line`, ...). Feeds derived document ids. */
  key: string;
  data: Record<string, unknown>;
}

/**
 * A record the source could read but not decode (a malformed JSONL line, an unsupported column type).
 * It is rejected with `message`; the run goes on.
 */
export interface InvalidRecord {
  position: Position;
  key: string;
  invalid: { message: string; field?: string };
}

export type SourceItem = SourceRecord | InvalidRecord;

export function isInvalidRecord(item: SourceItem): item is InvalidRecord {
  return 'invalid' in item;
}

export interface ReadOptions {
  /** Continue strictly after this position; undefined starts at the beginning. */
  after?: Position;
  /** When aborted, `read` stops yielding promptly and releases what it holds (the iterator returns). */
  signal?: AbortSignal;
}

export interface RecordCount {
  value: number;
  /** False when the value is an estimate (a planner statistic, a file-size guess). */
  exact: boolean;
}

/**
 * The contract every connector implements.
 *
 * Lifecycle: `open()` once (connect, check permissions; throw `SourceConnectError` naming the host with
 * secrets redacted), then any number of `read()` calls (each a fresh, ordered pass), optionally `count()`,
 * then `close()` exactly once, which releases every connection, handle and timer, also after a failed read.
 *
 * `read()` yields records in a stable order. A failure mid-read throws `SourceReadError` carrying the
 * position of the last record yielded. Backpressure: the consumer pulls; a source never reads far ahead.
 */
export interface Source {
  open(): Promise<void>;
  read(options?: ReadOptions): AsyncIterable<SourceItem>;
  count?(options?: { after?: Position }): Promise<RecordCount | undefined>;
  close(): Promise<void>;
}

export interface SourceContext {
  /** Directory of the config file; relative paths in source options resolve against it. */
  baseDir: string;
  logger: Logger;
}

/** Declares a connector: its name, documentation, config schema (the single source of truth) and factory. */
export interface SourceDefinition<Schema extends z.ZodType = z.ZodType> {
  type: string;
  description: string;
  configSchema: Schema;
  /** Example option blocks (without `type`), shown by `etl connectors` and in the generated docs. */
  examples?: Array<{ title: string; config: Record<string, unknown> }>;
  create(config: z.output<Schema>, context: SourceContext): Source;
}
