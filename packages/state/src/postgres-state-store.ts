import type { Knex } from 'knex';
import { isEtlError, silentLogger } from '@synap-etl/core';
import type { LedgerEntry, Logger, Position, RecordOutcome, RunCounts, RunInfo, StateStore } from '@synap-etl/core';
import { failurePages } from './failure-pages.js';
import { FAILURE_FILTER, commitRows, countsFromRows, fromLedgerRow, parseJson } from './ledger-rows.js';
import { describeConnection, openKnex } from './postgres-connection.js';
import { POSTGRES_SCHEMA_VERSION, postgresSchema, postgresTables } from './postgres-schema.js';
import type { PostgresTables } from './postgres-schema.js';
import { fromRunRow, newRun, runEndRow, toRunRow, unknownRunError } from './run-rows.js';
import { notOpenError, stateError } from './state-error.js';

export interface PostgresStateStoreOptions {
  /** A `postgres://` connection URL. Never logged or stored; errors show it with the password masked. */
  connection: string;
  /** The PostgreSQL schema holding the tables; created if absent. */
  schema?: string;
  /** Prefix of every table and index name, so several tools (or environments) can share one schema. */
  tablePrefix?: string;
  /** Upper bound on pooled connections. */
  maxConnections?: number;
  /** How long to wait for a connection before giving up. */
  connectTimeoutMs?: number;
  /** Receives knex's own warnings (instead of the console), with URL passwords masked. */
  logger?: Logger;
}

export const DEFAULT_POSTGRES_SCHEMA = 'public';
export const DEFAULT_TABLE_PREFIX = 'synap_etl_';
/** Rows per INSERT: 12 parameters each stays far below PostgreSQL's 65535-parameter limit. */
const ROWS_PER_INSERT = 1000;

type Row = Record<string, unknown>;

/**
 * State kept in PostgreSQL, for teams that share it between machines. Same tables and semantics as the
 * SQLite store; positions and counts are `jsonb`, times `timestamptz`.
 */
export class PostgresStateStore implements StateStore {
  readonly #options: PostgresStateStoreOptions;
  readonly #prefix: string;
  readonly #tables: PostgresTables;
  #db: Knex | undefined;

  constructor(options: PostgresStateStoreOptions) {
    this.#options = options;
    this.#prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
    this.#tables = postgresTables(options.schema ?? DEFAULT_POSTGRES_SCHEMA, this.#prefix);
  }

  /** Runs a query, turning any failure into a STATE error whose message holds no password. */
  async #query<T>(what: string, work: (db: Knex) => Promise<T>): Promise<T> {
    const db = this.#db;
    if (!db) throw notOpenError();
    try {
      return await work(db);
    } catch (error) {
      if (isEtlError(error)) throw error;
      throw stateError(
        `${what} (state database ${describeConnection(this.#options.connection)})`,
        'check that the state database is reachable and the user may write to its schema; re-run to resume',
        error,
      );
    }
  }

  async init(): Promise<void> {
    if (this.#db) return;
    this.#db = await openKnex({ ...this.#options, logger: this.#options.logger ?? silentLogger });
    const t = this.#tables;
    try {
      await this.#query('cannot create the state tables', (db) =>
        db.transaction(async (trx) => {
          await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`synap-etl state ${t.ledger}`]);
          for (const statement of postgresSchema(t, this.#prefix)) await trx.raw(statement);
          await trx.raw(`INSERT INTO ${t.meta} (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING`, [
            String(POSTGRES_SCHEMA_VERSION),
          ]);
          const { rows } = await trx.raw(`SELECT value FROM ${t.meta} WHERE key = 'schema_version'`);
          const version = Number(rows[0]?.value);
          if (version > POSTGRES_SCHEMA_VERSION) {
            throw stateError(
              `the state tables ${t.ledger} were written by a newer synap-etl (schema ${version})`,
              'upgrade synap-etl, or configure another state.schema',
            );
          }
        }),
      );
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async getCheckpoint(pipeline: string): Promise<Position | undefined> {
    const row = await this.#query('cannot read the checkpoint', (db) =>
      this.#from(db, 'checkpoints').where({ pipeline }).first('position'),
    );
    return row === undefined ? undefined : parseJson<Position>(row.position);
  }

  async lastMappingHash(pipeline: string): Promise<string | undefined> {
    const row = await this.#query('cannot read the run history', (db) =>
      this.#from(db, 'runs').where({ pipeline }).orderBy('seq', 'desc').first('mapping_hash'),
    );
    return row === undefined ? undefined : String(row.mapping_hash);
  }

  async startRun(pipeline: string, hashes: { configHash: string; mappingHash: string }): Promise<RunInfo> {
    const run = newRun(pipeline, hashes);
    await this.#query('cannot record the start of a run', (db) => this.#from(db, 'runs').insert(toRunRow(run)));
    return run;
  }

  async commit(runId: string, pipeline: string, outcomes: RecordOutcome[], checkpoint?: Position): Promise<void> {
    const { ledger: rows, checkpoint: checkpointRow } = commitRows(pipeline, runId, outcomes, checkpoint);
    const what = `cannot record ${rows.length} outcome(s) of pipeline "${pipeline}"; nothing of this batch was kept`;
    await this.#query(what, (db) =>
      db.transaction(async (trx) => {
        if (checkpointRow !== undefined) {
          await this.#from(trx, 'checkpoints').insert(checkpointRow).onConflict('pipeline').merge();
        }
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          await this.#from(trx, 'ledger')
            .insert(rows.slice(start, start + ROWS_PER_INSERT))
            .onConflict(['pipeline', 'record_key'])
            .merge();
        }
      }),
    );
  }

  async finishRun(runId: string, status: RunInfo['status'], counts: RunCounts): Promise<void> {
    const changed = await this.#query('cannot record the end of a run', (db) =>
      this.#from(db, 'runs').where({ id: runId }).update(runEndRow(status, counts)),
    );
    if (changed === 0) throw unknownRunError(runId);
  }

  async failures(pipeline: string, options: { limit?: number } = {}): Promise<LedgerEntry[]> {
    const { rows } = await this.#query('cannot read failures', (db) =>
      db.raw<{ rows: Row[] }>(
        `SELECT * FROM ${this.#tables.ledger} WHERE pipeline = ? AND ${FAILURE_FILTER}
         ORDER BY updated_at DESC, record_key LIMIT ?`,
        [pipeline, options.limit ?? 100],
      ),
    );
    return rows.map(fromLedgerRow);
  }

  iterateFailures(pipeline: string, options: { pageSize?: number } = {}): AsyncIterable<LedgerEntry> {
    return failurePages(async (after, pageSize) => {
      const keyFilter = after === undefined ? '' : 'AND record_key > ?';
      const bindings = after === undefined ? [pipeline, pageSize] : [pipeline, after, pageSize];
      const { rows } = await this.#query('cannot read failures', (db) =>
        db.raw<{ rows: Row[] }>(
          `SELECT * FROM ${this.#tables.ledger} WHERE pipeline = ? AND ${FAILURE_FILTER} ${keyFilter}
           ORDER BY record_key LIMIT ?`,
          bindings,
        ),
      );
      return rows;
    }, options.pageSize ?? 500);
  }

  async ledgerCounts(pipeline: string): Promise<Omit<RunCounts, 'read'>> {
    const { rows } = await this.#query('cannot count outcomes', (db) =>
      db.raw<{ rows: Array<{ status: unknown; n: unknown }> }>(
        `SELECT status, COUNT(*) AS n FROM ${this.#tables.ledger} WHERE pipeline = ? GROUP BY status`,
        [pipeline],
      ),
    );
    return countsFromRows(rows);
  }

  async runs(pipeline: string, limit = 20): Promise<RunInfo[]> {
    const rows = await this.#query('cannot read the run history', (db) =>
      this.#from(db, 'runs').where({ pipeline }).orderBy('seq', 'desc').limit(limit),
    );
    return rows.map(fromRunRow);
  }

  async reset(pipeline: string): Promise<void> {
    await this.#query(`cannot reset pipeline "${pipeline}"`, (db) =>
      db.transaction(async (trx) => {
        await this.#from(trx, 'ledger').where({ pipeline }).delete();
        await this.#from(trx, 'checkpoints').where({ pipeline }).delete();
      }),
    );
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    await db?.destroy();
  }

  /** A query on one of this store's tables, in its schema. */
  #from(db: Knex, table: keyof PostgresTables['bare']): Knex.QueryBuilder<Row> {
    return db.withSchema(this.#options.schema ?? DEFAULT_POSTGRES_SCHEMA).table<Row>(this.#tables.bare[table]);
  }
}
