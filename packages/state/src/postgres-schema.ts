import { FAILURE_FILTER, RECORD_STATUSES, RUN_STATUSES, sqlList } from './ledger-rows.js';

/** Bumped when the tables change; stored in the `<prefix>meta` table. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** Fully qualified, quoted names of the tables of one store (schema and prefix come from the config). */
export interface PostgresTables {
  schema: string;
  meta: string;
  runs: string;
  checkpoints: string;
  ledger: string;
  /** Unqualified names, for the query builder's `withSchema`. */
  bare: { meta: string; runs: string; checkpoints: string; ledger: string };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export function postgresTables(schema: string, prefix: string): PostgresTables {
  const bare = { meta: `${prefix}meta`, runs: `${prefix}runs`, checkpoints: `${prefix}checkpoints`, ledger: `${prefix}ledger` };
  const qualified = (name: string): string => `${quote(schema)}.${quote(name)}`;
  return {
    schema: quote(schema),
    meta: qualified(bare.meta),
    runs: qualified(bare.runs),
    checkpoints: qualified(bare.checkpoints),
    ledger: qualified(bare.ledger),
    bare,
  };
}

/** The statements creating the tables, run one by one under an advisory lock (several machines may start at once). */
export function postgresSchema(t: PostgresTables, prefix: string): string[] {
  const index = (name: string): string => quote(`${prefix}${name}`);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${t.schema}`,
    `CREATE TABLE IF NOT EXISTS ${t.meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t.runs} (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      pipeline TEXT NOT NULL,
      started_at TIMESTAMPTZ NOT NULL,
      ended_at TIMESTAMPTZ,
      status TEXT NOT NULL CHECK (status IN (${sqlList(RUN_STATUSES)})),
      config_hash TEXT NOT NULL,
      mapping_hash TEXT NOT NULL,
      counts JSONB NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS ${index('runs_by_pipeline')} ON ${t.runs} (pipeline, seq)`,
    `CREATE TABLE IF NOT EXISTS ${t.checkpoints} (
      pipeline TEXT PRIMARY KEY,
      position JSONB NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      run_id TEXT NOT NULL REFERENCES ${t.runs} (id)
    )`,
    `CREATE TABLE IF NOT EXISTS ${t.ledger} (
      pipeline TEXT NOT NULL,
      record_key TEXT NOT NULL,
      position JSONB NOT NULL,
      previous TEXT,
      status TEXT NOT NULL CHECK (status IN (${sqlList(RECORD_STATUSES)})),
      reason TEXT,
      field TEXT,
      document_id TEXT,
      ingestion_id TEXT,
      batch_id TEXT,
      attempts INTEGER,
      run_id TEXT NOT NULL REFERENCES ${t.runs} (id),
      updated_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (pipeline, record_key)
    )`,
    // Text, not jsonb: the JSON text 'null' (start of the source) must stay apart from SQL NULL (unknown).
    // Added separately so tables created before the column existed get it too.
    `ALTER TABLE ${t.ledger} ADD COLUMN IF NOT EXISTS previous TEXT`,
    `CREATE INDEX IF NOT EXISTS ${index('ledger_by_status')} ON ${t.ledger} (pipeline, status)`,
    `CREATE INDEX IF NOT EXISTS ${index('ledger_failures')} ON ${t.ledger} (pipeline, record_key) WHERE ${FAILURE_FILTER}`,
  ];
}
