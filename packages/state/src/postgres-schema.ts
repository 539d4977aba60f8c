import { FAILURE_FILTER } from './ledger-rows.js';
import { checkpointColumns, columnList, ledgerColumns, runColumns } from './state-columns.js';
import type { ColumnDialect } from './state-columns.js';

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
  const columns: ColumnDialect = { json: 'JSONB', time: 'TIMESTAMPTZ', runs: t.runs };
  return [
    `CREATE SCHEMA IF NOT EXISTS ${t.schema}`,
    `CREATE TABLE IF NOT EXISTS ${t.meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t.runs} (
      seq BIGSERIAL PRIMARY KEY,
      ${columnList(runColumns(columns))}
    )`,
    `CREATE INDEX IF NOT EXISTS ${index('runs_by_pipeline')} ON ${t.runs} (pipeline, seq)`,
    `CREATE TABLE IF NOT EXISTS ${t.checkpoints} (${columnList(checkpointColumns(columns))})`,
    `CREATE TABLE IF NOT EXISTS ${t.ledger} (${columnList(ledgerColumns(columns))})`,
    // Tables created before the ledger had a `previous` column get it too.
    `ALTER TABLE ${t.ledger} ADD COLUMN IF NOT EXISTS previous TEXT`,
    `CREATE INDEX IF NOT EXISTS ${index('ledger_by_status')} ON ${t.ledger} (pipeline, status)`,
    `CREATE INDEX IF NOT EXISTS ${index('ledger_failures')} ON ${t.ledger} (pipeline, record_key) WHERE ${FAILURE_FILTER}`,
  ];
}
