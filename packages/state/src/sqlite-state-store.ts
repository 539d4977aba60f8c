import Database from 'better-sqlite3';
import { isEtlError } from '@synap-etl/core';
import type { LedgerEntry, Position, RecordOutcome, RunCounts, RunInfo, StateStore } from '@synap-etl/core';
import { failurePages } from './failure-pages.js';
import { FAILURE_FILTER, commitRows, countsFromRows, fromLedgerRow, parseJson } from './ledger-rows.js';
import type { CheckpointRow, LedgerRow } from './ledger-rows.js';
import { preparePrivateFile, tightenCompanionFiles } from './private-files.js';
import { SQLITE_SCHEMA, SQLITE_SCHEMA_VERSION, SQLITE_UPSERT_CHECKPOINT, SQLITE_UPSERT_OUTCOME } from './sqlite-schema.js';
import { fromRunRow, newRun, runEndRow, toRunRow, unknownRunError } from './run-rows.js';
import type { RunEndRow, RunRow } from './run-rows.js';
import { notOpenError, stateError } from './state-error.js';

export const IN_MEMORY = ':memory:';

export interface SqliteStateStoreOptions {
  /** The database file, created owner-only (0600) with its directory if missing; `:memory:` keeps nothing. */
  path: string;
  /** An already open database to use instead of opening `path` (tests, embedding). The store closes it. */
  database?: Database.Database;
}

type Row = Record<string, unknown>;

function prepareStatements(db: Database.Database) {
  return {
    getCheckpoint: db.prepare<[string], Row>('SELECT position FROM checkpoints WHERE pipeline = ?'),
    lastMappingHash: db.prepare<[string], Row>(
      'SELECT mapping_hash FROM runs WHERE pipeline = ? ORDER BY seq DESC LIMIT 1',
    ),
    insertRun: db.prepare<[RunRow]>(
      `INSERT INTO runs (id, pipeline, started_at, status, config_hash, mapping_hash, counts)
       VALUES (@id, @pipeline, @started_at, @status, @config_hash, @mapping_hash, @counts)`,
    ),
    finishRun: db.prepare<[RunEndRow & { id: string }]>(
      'UPDATE runs SET ended_at = @ended_at, status = @status, counts = @counts WHERE id = @id',
    ),
    upsertOutcome: db.prepare<[LedgerRow]>(SQLITE_UPSERT_OUTCOME),
    upsertCheckpoint: db.prepare<[CheckpointRow]>(SQLITE_UPSERT_CHECKPOINT),
    failures: db.prepare<[string, number], Row>(
      `SELECT * FROM ledger WHERE pipeline = ? AND ${FAILURE_FILTER} ORDER BY updated_at DESC, record_key LIMIT ?`,
    ),
    failuresFirstPage: db.prepare<[string, number], Row>(
      `SELECT * FROM ledger WHERE pipeline = ? AND ${FAILURE_FILTER} ORDER BY record_key LIMIT ?`,
    ),
    failuresPage: db.prepare<[string, string, number], Row>(
      `SELECT * FROM ledger WHERE pipeline = ? AND ${FAILURE_FILTER} AND record_key > ? ORDER BY record_key LIMIT ?`,
    ),
    counts: db.prepare<[string], { status: unknown; n: unknown }>(
      'SELECT status, COUNT(*) AS n FROM ledger WHERE pipeline = ? GROUP BY status',
    ),
    runs: db.prepare<[string, number], Row>('SELECT * FROM runs WHERE pipeline = ? ORDER BY seq DESC LIMIT ?'),
    deleteLedger: db.prepare('DELETE FROM ledger WHERE pipeline = ?'),
    deleteCheckpoint: db.prepare('DELETE FROM checkpoints WHERE pipeline = ?'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Files created before the ledger had a `previous` column get it (SQLite has no ADD COLUMN IF NOT EXISTS). */
function addMissingColumns(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('ledger')").all();
  if (!columns.some((column) => column.name === 'previous')) db.exec('ALTER TABLE ledger ADD COLUMN previous TEXT');
}

/**
 * The default state store: one embedded SQLite file in WAL mode. Commits are single transactions of
 * prepared statements, so a batch of outcomes and its checkpoint land together or not at all.
 * `synchronous = NORMAL` trades the last commits on power loss (never on a crash of this process) for
 * speed; a lost commit only means those records are re-sent, and stable document ids make that harmless.
 */
export class SqliteStateStore implements StateStore {
  readonly #options: SqliteStateStoreOptions;
  #db: Database.Database | undefined;
  #statements: Statements | undefined;

  constructor(options: SqliteStateStoreOptions) {
    this.#options = options;
  }

  get path(): string {
    return this.#options.path;
  }

  async init(): Promise<void> {
    if (this.#db) return;
    const { path } = this.#options;
    const onDisk = this.#options.database === undefined && path !== IN_MEMORY;
    let db: Database.Database | undefined;
    try {
      if (onDisk) preparePrivateFile(path);
      db = this.#options.database ?? new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version > SQLITE_SCHEMA_VERSION) {
        throw stateError(
          `the state file ${path} was written by a newer synap-etl (schema ${version})`,
          'upgrade synap-etl, or point state.path at another file',
        );
      }
      db.exec(SQLITE_SCHEMA);
      addMissingColumns(db);
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
      if (onDisk) tightenCompanionFiles(path);
      this.#statements = prepareStatements(db);
      this.#db = db;
    } catch (error) {
      db?.close();
      if (isEtlError(error)) throw error;
      throw stateError(
        `cannot open the state file ${path}`,
        'check that its directory is writable and the file is a synap-etl state file, or set state.path',
        error,
      );
    }
  }

  #use(): { db: Database.Database; sql: Statements } {
    if (!this.#db || !this.#statements) throw notOpenError();
    return { db: this.#db, sql: this.#statements };
  }

  async getCheckpoint(pipeline: string): Promise<Position | undefined> {
    const row = this.#use().sql.getCheckpoint.get(pipeline);
    return row === undefined ? undefined : parseJson<Position>(row.position);
  }

  async lastMappingHash(pipeline: string): Promise<string | undefined> {
    const row = this.#use().sql.lastMappingHash.get(pipeline);
    return row === undefined ? undefined : String(row.mapping_hash);
  }

  async startRun(pipeline: string, hashes: { configHash: string; mappingHash: string }): Promise<RunInfo> {
    const run = newRun(pipeline, hashes);
    this.#use().sql.insertRun.run(toRunRow(run));
    return run;
  }

  async commit(runId: string, pipeline: string, outcomes: RecordOutcome[], checkpoint?: Position): Promise<void> {
    const { db, sql } = this.#use();
    const { ledger: rows, checkpoint: checkpointRow } = commitRows(pipeline, runId, outcomes, checkpoint);
    const write = db.transaction(() => {
      if (checkpointRow !== undefined) sql.upsertCheckpoint.run(checkpointRow);
      for (const row of rows) sql.upsertOutcome.run(row);
    });
    try {
      write();
    } catch (error) {
      throw stateError(
        `cannot record ${rows.length} outcome(s) of pipeline "${pipeline}"; nothing of this batch was kept`,
        'the run must be started with startRun() and outcomes must carry a known status; re-run to resume',
        error,
      );
    }
  }

  async finishRun(runId: string, status: RunInfo['status'], counts: RunCounts): Promise<void> {
    const result = this.#use().sql.finishRun.run({ ...runEndRow(status, counts), id: runId });
    if (result.changes === 0) throw unknownRunError(runId);
  }

  async failures(pipeline: string, options: { limit?: number } = {}): Promise<LedgerEntry[]> {
    return this.#use().sql.failures.all(pipeline, options.limit ?? 100).map(fromLedgerRow);
  }

  iterateFailures(pipeline: string, options: { pageSize?: number } = {}): AsyncIterable<LedgerEntry> {
    return failurePages(async (after, pageSize) => {
      const { sql } = this.#use();
      return after === undefined ? sql.failuresFirstPage.all(pipeline, pageSize) : sql.failuresPage.all(pipeline, after, pageSize);
    }, options.pageSize ?? 500);
  }

  async ledgerCounts(pipeline: string): Promise<Omit<RunCounts, 'read'>> {
    return countsFromRows(this.#use().sql.counts.all(pipeline));
  }

  async runs(pipeline: string, limit = 20): Promise<RunInfo[]> {
    return this.#use().sql.runs.all(pipeline, limit).map(fromRunRow);
  }

  async reset(pipeline: string): Promise<void> {
    const { db, sql } = this.#use();
    db.transaction(() => {
      sql.deleteLedger.run(pipeline);
      sql.deleteCheckpoint.run(pipeline);
    })();
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    this.#statements = undefined;
    db?.close();
  }
}
