import { FAILURE_FILTER } from './ledger-rows.js';
import {
  CHECKPOINT_COLUMN_NAMES,
  CHECKPOINT_KEY,
  LEDGER_COLUMN_NAMES,
  LEDGER_KEY,
  checkpointColumns,
  columnList,
  ledgerColumns,
  runColumns,
} from './state-columns.js';
import type { ColumnDialect } from './state-columns.js';

/** Bumped when the tables change; stored in `PRAGMA user_version`. */
export const SQLITE_SCHEMA_VERSION = 1;

/** SQLite keeps positions and counts as JSON text and times as ISO text. */
const SQLITE_COLUMNS: ColumnDialect = { json: 'TEXT', time: 'TEXT', runs: 'runs' };

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ${columnList(runColumns(SQLITE_COLUMNS))}
);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, seq);

CREATE TABLE IF NOT EXISTS checkpoints (
  ${columnList(checkpointColumns(SQLITE_COLUMNS))}
);

CREATE TABLE IF NOT EXISTS ledger (
  ${columnList(ledgerColumns(SQLITE_COLUMNS))}
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_by_status ON ledger (pipeline, status);
-- Pages etl retry through failures in key order without sorting them all.
CREATE INDEX IF NOT EXISTS ledger_failures ON ledger (pipeline, record_key) WHERE ${FAILURE_FILTER};
`;

/** INSERT of named parameters (`@column`) that overwrites every non-key column of an existing row. */
function upsert(table: string, columns: readonly string[], key: readonly string[]): string {
  const updated = columns.filter((column) => !key.includes(column));
  return `
INSERT INTO ${table} (${columns.join(', ')})
VALUES (${columns.map((column) => `@${column}`).join(', ')})
ON CONFLICT (${key.join(', ')}) DO UPDATE SET
  ${updated.map((column) => `${column} = excluded.${column}`).join(', ')}`;
}

export const SQLITE_UPSERT_OUTCOME = upsert('ledger', LEDGER_COLUMN_NAMES, LEDGER_KEY);
export const SQLITE_UPSERT_CHECKPOINT = upsert('checkpoints', CHECKPOINT_COLUMN_NAMES, CHECKPOINT_KEY);
