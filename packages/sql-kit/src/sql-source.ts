import type { Knex } from 'knex';
import { EtlError, SourceConnectError, SourceReadError, redact } from '@synap-etl/core';
import type { Position, ReadOptions, RecordCount, Source, SourceContext, SourceItem } from '@synap-etl/core';
import { cursorColumns } from './config-schema.js';
import type { SqlSourceConfig } from './config-schema.js';
import { commonConnectFailure, connectError, driverMessage } from './connect-failure.js';
import { describeTarget, resolveConnectionTarget, targetSecrets } from './connection-target.js';
import type { ConnectionTarget } from './connection-target.js';
import { cursorValuesOf } from './cursor-position.js';
import type { CursorValues } from './cursor-position.js';
import { countStatement, estimateStatement, pageStatement } from './keyset-query.js';
import type { ReadPlan } from './keyset-query.js';
import { readPages } from './page-reader.js';
import { RowDecoder } from './row-decoder.js';
import { warnAboutNullableCursor } from './nullable-cursor.js';
import type { SqlDialect } from './sql-dialect.js';

/** Below this planner estimate, `count: estimate` counts exactly: cheap, and un-analysed tables guess badly. */
export const EXACT_COUNT_BELOW = 100_000;

/**
 * A Source over a SQL table or query, read by keyset pagination on the configured cursor. Each read pins
 * one connection for its whole pass, so a connection that dies mid-run ends the read with a
 * `SourceReadError` carrying the last position, instead of silently continuing elsewhere.
 */
export class SqlSource implements Source {
  readonly #dialect: SqlDialect;
  readonly #config: SqlSourceConfig;
  readonly #context: SourceContext;
  readonly #target: ConnectionTarget;
  readonly #cursor: string[];
  readonly #plan: ReadPlan;
  #knex: Knex | undefined;
  readonly #activeReads = new Set<AsyncGenerator<SourceItem>>();
  readonly #releases = new Set<Promise<void>>();

  constructor(dialect: SqlDialect, config: SqlSourceConfig, context: SourceContext) {
    this.#dialect = dialect;
    this.#config = config;
    this.#context = context;
    this.#target = resolveConnectionTarget(config, context.baseDir);
    this.#cursor = cursorColumns(config);
    this.#plan = {
      cursor: this.#cursor,
      keysetStyle: dialect.keysetStyle,
      ...(config.table !== undefined && { table: config.table }),
      ...(config.query !== undefined && { query: config.query }),
      ...(config.columns !== undefined && { columns: config.columns }),
      ...(config.where !== undefined && { where: config.where }),
      ...(config.since !== undefined && { since: config.since }),
      ...(config.until !== undefined && { until: config.until }),
    };
  }

  async open(): Promise<void> {
    if (this.#knex) throw new EtlError('INTERNAL', 'open() was called twice on the same source');
    this.#knex = this.#dialect.createKnex(this.#target, {
      connectTimeoutMs: this.#config.connect_timeout_ms,
      log: (message) => this.#context.logger.debug(this.#redact(message)),
    });
    const connection = await this.#acquire();
    try {
      await this.#probe(connection);
      if (this.#plan.table !== undefined) {
        await warnAboutNullableCursor(this.#knex, this.#dialect, connection, this.#plan.table, this.#cursor, this.#context.logger);
      }
    } finally {
      await this.#release(connection);
    }
  }

  read(options: ReadOptions = {}): AsyncIterable<SourceItem> {
    const generator: AsyncGenerator<SourceItem> = this.#read(options, () => this.#activeReads.delete(generator));
    this.#activeReads.add(generator);
    return generator;
  }

  async *#read(options: ReadOptions, onFinish: () => void): AsyncGenerator<SourceItem> {
    const knex = this.#requireOpen();
    const after =
      options.after === undefined ? undefined : { values: cursorValuesOf(options.after, this.#cursor), position: options.after };
    let connection: Promise<unknown> | undefined;
    const fetchPage = async (afterValues: CursorValues | undefined) => {
      connection ??= this.#acquire();
      const statement = pageStatement(knex, this.#plan, afterValues, this.#config.page_size + 1);
      return this.#dialect.execute(await connection, statement);
    };
    try {
      yield* readPages({
        pageSize: this.#config.page_size,
        ...(after && { after }),
        ...(options.signal && { signal: options.signal }),
        fetchPage,
        decoderFor: (columns) =>
          new RowDecoder(columns, { cursor: this.#cursor, timezone: this.#config.timezone, binary: this.#config.binary }),
        failure: (error, lastPosition) => this.#readError(error, lastPosition),
        onEnd: (inFlight) => {
          if (!connection) return;
          const held = connection;
          this.#track(Promise.allSettled([inFlight]).then(() => held.then((c) => this.#release(c), () => {})));
        },
      });
    } finally {
      onFinish();
    }
  }

  async count(options: { after?: Position } = {}): Promise<RecordCount | undefined> {
    if (this.#config.count === 'none') return undefined;
    const knex = this.#requireOpen();
    const after = options.after === undefined ? undefined : cursorValuesOf(options.after, this.#cursor);
    const connection = await this.#acquire();
    try {
      if (this.#config.count === 'estimate') {
        const estimate = await this.#dialect.estimateRows(connection, estimateStatement(knex, this.#plan, after));
        if (estimate !== undefined && estimate >= EXACT_COUNT_BELOW) return { value: Math.round(estimate), exact: false };
      }
      const { rows } = await this.#dialect.execute(connection, countStatement(knex, this.#plan, after));
      return { value: Number(rows[0]?.n ?? 0), exact: true };
    } catch (error) {
      throw this.#readError(error, options.after);
    } finally {
      await this.#release(connection);
    }
  }

  async close(): Promise<void> {
    const knex = this.#knex;
    if (!knex) return;
    // A consumer may drop an iterator without finishing it; ending it here returns its connection.
    await Promise.allSettled([...this.#activeReads].map((read) => read.return(undefined)));
    await Promise.allSettled([...this.#releases]);
    this.#knex = undefined;
    await knex.destroy();
  }

  #requireOpen(): Knex {
    if (!this.#knex) throw new EtlError('INTERNAL', 'the source is not open: call open() first');
    return this.#knex;
  }

  async #acquire(): Promise<unknown> {
    try {
      return await this.#requireOpen().client.acquireConnection();
    } catch (error) {
      const specific = this.#dialect.classifyConnectFailure(error);
      throw connectError(error, specific === 'other' ? commonConnectFailure(error) : specific, {
        product: this.#dialect.product,
        target: describeTarget(this.#target, this.#dialect.defaultPort),
        secrets: targetSecrets(this.#target),
        timeoutMs: this.#config.connect_timeout_ms,
      });
    }
  }

  async #release(connection: unknown): Promise<void> {
    await this.#knex?.client.releaseConnection(connection);
  }

  #track(release: Promise<void>): void {
    this.#releases.add(release);
    void release.finally(() => this.#releases.delete(release));
  }

  /** Runs the first page with LIMIT 0 so a wrong table, column, cursor or `where` fails at validate time. */
  async #probe(connection: unknown): Promise<void> {
    const knex = this.#requireOpen();
    try {
      await this.#dialect.execute(connection, pageStatement(knex, this.#plan, undefined, 0));
    } catch (error) {
      const what = this.#plan.table !== undefined ? `table "${this.#plan.table}"` : 'the configured query';
      throw new SourceConnectError(
        this.#redact(`cannot read ${what} on ${this.#dialect.product} at ${this.#describe()}: ${driverMessage(error)}`),
        {
          hint: 'check `table` or `query`, `columns`, `cursor`, `where` and `since`/`until` in the source config, and that the user may SELECT from it',
          cause: error,
        },
      );
    }
  }

  #readError(error: unknown, lastPosition: Position | undefined): SourceReadError {
    if (error instanceof SourceReadError) return error;
    if (error instanceof SourceConnectError) {
      return new SourceReadError(error.message, lastPosition, { hint: error.hint, cause: error });
    }
    const lost = this.#dialect.isConnectionLost(error);
    const message = this.#redact(
      `reading from ${this.#dialect.product} at ${this.#describe()} failed${lost ? ' (connection lost)' : ''}: ${driverMessage(error)}`,
    );
    const hint = lost
      ? 'the connection was closed (server restart, network drop or a killed session); run again to resume after the last checkpoint'
      : 'check the source query and the database logs; a new run resumes after the last checkpoint';
    return new SourceReadError(message, lastPosition, { hint, cause: error });
  }

  #describe(): string {
    return describeTarget(this.#target, this.#dialect.defaultPort);
  }

  #redact(text: string): string {
    return redact(text, targetSecrets(this.#target));
  }
}
