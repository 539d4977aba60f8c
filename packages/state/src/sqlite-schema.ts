import { FAILURE_FILTER, RECORD_STATUSES, RUN_STATUSES, sqlList } from './ledger-rows.js';

/** Bumped when the tables change; stored in `PRAGMA user_version`. */
export const SQLITE_SCHEMA_VERSION = 1;

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  pipeline TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN (${sqlList(RUN_STATUSES)})),
  config_hash TEXT NOT NULL,
  mapping_hash TEXT NOT NULL,
  counts TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, seq);

CREATE TABLE IF NOT EXISTS checkpoints (
  pipeline TEXT PRIMARY KEY,
  position TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs (id)
);

CREATE TABLE IF NOT EXISTS ledger (
  pipeline TEXT NOT NULL,
  record_key TEXT NOT NULL,
  position TEXT NOT NULL,
  previous TEXT,
  status TEXT NOT NULL CHECK (status IN (${sqlList(RECORD_STATUSES)})),
  reason TEXT,
  field TEXT,
  document_id TEXT,
  ingestion_id TEXT,
  batch_id TEXT,
  attempts INTEGER,
  run_id TEXT NOT NULL REFERENCES runs (id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (pipeline, record_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_by_status ON ledger (pipeline, status);
-- Pages etl retry through failures in key order without sorting them all.
CREATE INDEX IF NOT EXISTS ledger_failures ON ledger (pipeline, record_key) WHERE ${FAILURE_FILTER};
`;

const LEDGER_COLUMNS =
  'pipeline, record_key, position, previous, status, reason, field, document_id, ingestion_id, batch_id, attempts, run_id, updated_at';

export const SQLITE_UPSERT_OUTCOME = `
INSERT INTO ledger (${LEDGER_COLUMNS})
VALUES (@pipeline, @record_key, @position, @previous, @status, @reason, @field, @document_id, @ingestion_id, @batch_id, @attempts, @run_id, @updated_at)
ON CONFLICT (pipeline, record_key) DO UPDATE SET
  position = excluded.position, previous = excluded.previous, status = excluded.status, reason = excluded.reason, field = excluded.field,
  document_id = excluded.document_id, ingestion_id = excluded.ingestion_id, batch_id = excluded.batch_id,
  attempts = excluded.attempts, run_id = excluded.run_id, updated_at = excluded.updated_at`;

export const SQLITE_UPSERT_CHECKPOINT = `
INSERT INTO checkpoints (pipeline, position, updated_at, run_id) VALUES (@pipeline, @position, @updated_at, @run_id)
ON CONFLICT (pipeline) DO UPDATE SET
  position = excluded.position, updated_at = excluded.updated_at, run_id = excluded.run_id`;
