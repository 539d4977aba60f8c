import knex from 'knex';
import type { Knex } from 'knex';
import type { Connection, ConnectionOptions, FieldPacket, QueryError } from 'mysql2';
import { errorCode } from '@synap-etl/sql-kit';
import type { ColumnInfo, ColumnKind, ConnectFailure, ConnectionTarget, KnexOptions, QueryResult, SqlDialect, SqlStatement } from '@synap-etl/sql-kit';

export const MYSQL_DEFAULT_PORT = 3306;
const POOL_MAX = 2;
const BINARY_CHARSET = 63;

/** mysql2 column type codes (protocol constants). */
const TYPE = { timestamp: 7, datetime: 12, bit: 16, timestamp2: 17, datetime2: 18, blob: 252, varString: 253, string: 254, geometry: 255 };
const BINARY_TYPE_NAMES = new Map<number, string>([
  [TYPE.blob, 'BLOB'],
  [TYPE.varString, 'VARBINARY'],
  [TYPE.string, 'BINARY'],
  [TYPE.bit, 'BIT'],
  [TYPE.geometry, 'GEOMETRY'],
]);

/**
 * Driver options that keep values exact: DATETIME/TIMESTAMP/DATE as text, BIGINT and DECIMAL as strings.
 * Fields written next to a URL win over the URL (mysql2 merges `uri` that way).
 */
function driverOptions(target: ConnectionTarget, options: KnexOptions): ConnectionOptions {
  const config: ConnectionOptions = {
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: options.connectTimeoutMs,
    enableKeepAlive: true,
  };
  if (target.url !== undefined) config.uri = target.url;
  if (target.host !== undefined) config.host = target.host;
  if (target.port !== undefined) config.port = target.port;
  if (target.user !== undefined) config.user = target.user;
  if (target.password !== undefined) config.password = target.password;
  if (target.database !== undefined) config.database = target.database;
  if (target.tls) config.ssl = { rejectUnauthorized: target.tls.rejectUnauthorized, ...(target.tls.ca !== undefined && { ca: target.tls.ca }) };
  return config;
}

function kindOf(field: FieldPacket): ColumnKind {
  if (field.columnType === TYPE.datetime || field.columnType === TYPE.datetime2) return 'naive';
  // TIMESTAMP is stored in UTC and shown in the session zone, which the pool sets to +00:00.
  if (field.columnType === TYPE.timestamp || field.columnType === TYPE.timestamp2) return 'utc-naive';
  return 'plain';
}

function typeNameOf(field: FieldPacket): string {
  const columnType = field.columnType ?? -1;
  if (field.characterSet === BINARY_CHARSET && BINARY_TYPE_NAMES.has(columnType)) return BINARY_TYPE_NAMES.get(columnType) as string;
  return `type ${columnType}`;
}

function columnsOf(fields: readonly FieldPacket[] | undefined): ColumnInfo[] {
  return (fields ?? []).map((field) => ({ name: field.name, kind: kindOf(field), typeName: typeNameOf(field) }));
}

function query(connection: unknown, { sql, bindings }: SqlStatement): Promise<{ rows: unknown; fields: FieldPacket[] | undefined }> {
  return new Promise((resolve, reject) => {
    (connection as Connection).query({ sql, values: [...bindings] }, (error: QueryError | null, rows: unknown, fields: FieldPacket[] | undefined) => {
      if (error) reject(error);
      else resolve({ rows, fields });
    });
  });
}

const AUTH_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE']);
const LOST_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ER_SERVER_SHUTDOWN', 'ER_CONNECTION_KILLED']);

export const mysqlDialect: SqlDialect = {
  product: 'MySQL/MariaDB',
  defaultPort: MYSQL_DEFAULT_PORT,
  keysetStyle: 'expanded',
  currentSchemaSql: 'database()',

  createKnex(target: ConnectionTarget, options: KnexOptions): Knex {
    return knex({
      client: 'mysql2',
      connection: driverOptions(target, options) as Knex.MySql2ConnectionConfig,
      pool: {
        min: 0,
        max: POOL_MAX,
        afterCreate(connection: Connection, done: (error: Error | null, connection: Connection) => void) {
          connection.query("SET time_zone = '+00:00'", (error: QueryError | null) => done(error, connection));
        },
      },
      acquireConnectionTimeout: options.connectTimeoutMs + 1000,
      log: { warn: options.log, error: options.log, deprecate: options.log, debug: options.log },
    });
  },

  async execute(connection: unknown, statement: SqlStatement): Promise<QueryResult> {
    const { rows, fields } = await query(connection, statement);
    return { rows: rows as Record<string, unknown>[], columns: columnsOf(fields) };
  },

  async estimateRows(connection: unknown, statement: SqlStatement): Promise<number | undefined> {
    const { rows } = await query(connection, { sql: `EXPLAIN ${statement.sql}`, bindings: statement.bindings });
    const estimate = Number((rows as Array<{ rows?: unknown }>)[0]?.rows);
    return Number.isFinite(estimate) ? estimate : undefined;
  },

  classifyConnectFailure(error: unknown): ConnectFailure {
    const code = errorCode(error);
    if (code && AUTH_CODES.has(code)) return 'auth';
    if (code === 'ER_BAD_DB_ERROR') return 'database';
    if (code === 'HANDSHAKE_NO_SSL_SUPPORT') return 'tls';
    return 'other';
  },

  isConnectionLost(error: unknown): boolean {
    const code = errorCode(error);
    if (code && LOST_CODES.has(code)) return true;
    return /closed state|connection lost|server closed the connection|connection was killed/i.test(
      (error as Error | null)?.message ?? '',
    );
  },
};
