import { RECORD_STATUSES, RUN_STATUSES, sqlList } from './ledger-rows.js';
import type { CheckpointRow, LedgerRow } from './ledger-rows.js';

/**
 * The columns both stores create, written once so the SQLite and PostgreSQL tables cannot drift apart.
 * A dialect supplies only its type names and how it references the runs table; table names, keys that
 * differ (the runs sequence), indexes and migrations stay in each dialect's schema module.
 */
export interface ColumnDialect {
  /** Type of positions and counts: JSON text, or jsonb. */
  json: string;
  /** Type of timestamps: ISO text, or timestamptz. */
  time: string;
  /** The runs table as the other tables reference it. */
  runs: string;
}

/** Column definitions joined for a CREATE TABLE body. */
export function columnList(definitions: readonly string[]): string {
  return definitions.join(',\n  ');
}

/** The runs table's columns after its dialect-specific `seq` key. */
export function runColumns(d: ColumnDialect): string[] {
  return [
    'id TEXT NOT NULL UNIQUE',
    'pipeline TEXT NOT NULL',
    `started_at ${d.time} NOT NULL`,
    `ended_at ${d.time}`,
    `status TEXT NOT NULL CHECK (status IN (${sqlList(RUN_STATUSES)}))`,
    'config_hash TEXT NOT NULL',
    'mapping_hash TEXT NOT NULL',
    `counts ${d.json} NOT NULL`,
  ];
}

export function checkpointColumns(d: ColumnDialect): string[] {
  return [
    'pipeline TEXT PRIMARY KEY',
    `position ${d.json} NOT NULL`,
    `updated_at ${d.time} NOT NULL`,
    `run_id TEXT NOT NULL REFERENCES ${d.runs} (id)`,
  ];
}

/** `previous` is text in both: the JSON text 'null' (start of the source) must stay apart from SQL NULL (unknown). */
export function ledgerColumns(d: ColumnDialect): string[] {
  return [
    'pipeline TEXT NOT NULL',
    'record_key TEXT NOT NULL',
    `position ${d.json} NOT NULL`,
    'previous TEXT',
    `status TEXT NOT NULL CHECK (status IN (${sqlList(RECORD_STATUSES)}))`,
    'reason TEXT',
    'field TEXT',
    'document_id TEXT',
    'ingestion_id TEXT',
    'batch_id TEXT',
    'attempts INTEGER',
    `run_id TEXT NOT NULL REFERENCES ${d.runs} (id)`,
    `updated_at ${d.time} NOT NULL`,
    `PRIMARY KEY (${LEDGER_KEY.join(', ')})`,
  ];
}

/** The ledger's key: one row per record of a pipeline, overwritten by its latest outcome. */
export const LEDGER_KEY = ['pipeline', 'record_key'] as const satisfies ReadonlyArray<keyof LedgerRow>;

/** Every column a ledger row writes, in table order. */
export const LEDGER_COLUMN_NAMES = [
  'pipeline',
  'record_key',
  'position',
  'previous',
  'status',
  'reason',
  'field',
  'document_id',
  'ingestion_id',
  'batch_id',
  'attempts',
  'run_id',
  'updated_at',
] as const satisfies ReadonlyArray<keyof LedgerRow>;

export const CHECKPOINT_KEY = ['pipeline'] as const satisfies ReadonlyArray<keyof CheckpointRow>;
export const CHECKPOINT_COLUMN_NAMES = ['pipeline', 'position', 'updated_at', 'run_id'] as const satisfies ReadonlyArray<
  keyof CheckpointRow
>;

// Compile-time guard: a column added to a row type but not to its list fails type-checking here.
type Unlisted =
  | Exclude<keyof LedgerRow, (typeof LEDGER_COLUMN_NAMES)[number]>
  | Exclude<keyof CheckpointRow, (typeof CHECKPOINT_COLUMN_NAMES)[number]>;
const _everyColumnListed: [Unlisted] extends [never] ? true : never = true;
