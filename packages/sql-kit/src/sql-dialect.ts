import type { Knex } from 'knex';
import type { ConnectFailure } from './connect-failure.js';
import type { ConnectionTarget } from './connection-target.js';
import type { KeysetStyle, SqlStatement } from './keyset-query.js';
import type { ColumnInfo } from './row-decoder.js';

export interface QueryResult {
  rows: Record<string, unknown>[];
  columns: ColumnInfo[];
}

export interface KnexOptions {
  connectTimeoutMs: number;
  /** Where knex's own warnings go (already redacted by the caller). */
  log: (message: string) => void;
}

/**
 * What differs between SQL servers. A dialect builds the knex instance (driver options that make the
 * driver return timestamps, bigints and decimals as text, a session in UTC), runs statements on a raw
 * driver connection so column types come back with the rows, and recognises its driver's error codes.
 */
export interface SqlDialect {
  /** `PostgreSQL`, `MySQL/MariaDB`: used in messages. */
  readonly product: string;
  readonly defaultPort: number;
  readonly keysetStyle: KeysetStyle;
  /** SQL naming the schema an unqualified table resolves in, for information_schema look-ups. */
  readonly currentSchemaSql: string;
  createKnex(target: ConnectionTarget, options: KnexOptions): Knex;
  /** Runs a statement (native placeholders) on a connection from `knex.client.acquireConnection()`. */
  execute(connection: unknown, statement: SqlStatement): Promise<QueryResult>;
  /** The planner's guess of the statement's row count; undefined when it has none. */
  estimateRows(connection: unknown, statement: SqlStatement): Promise<number | undefined>;
  /** The dialect's own reading of a connect error (auth, unknown database); `other` defers to common codes. */
  classifyConnectFailure(error: unknown): ConnectFailure;
  /** True when the error means the connection is gone (killed, server restart, network drop). */
  isConnectionLost(error: unknown): boolean;
}
