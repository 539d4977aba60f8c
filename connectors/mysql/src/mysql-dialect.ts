import type { Knex } from 'knex';
import type { Connection, ConnectionOptions, FieldPacket, QueryError } from 'mysql2';
import { connectFailureClassifier, connectionLostDetector, endpointFields, pooledKnex } from '@synap-etl/sql-kit';
import type { ColumnInfo, ColumnKind, ConnectionTarget, KnexOptions, QueryResult, SqlDialect, SqlStatement } from '@synap-etl/sql-kit';

export const MYSQL_DEFAULT_PORT = 3306;
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
  Object.assign(config, endpointFields(target));
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

export const mysqlDialect: SqlDialect = {
  product: 'MySQL/MariaDB',
  defaultPort: MYSQL_DEFAULT_PORT,
  keysetStyle: 'expanded',
  currentSchemaSql: 'database()',

  createKnex(target: ConnectionTarget, options: KnexOptions): Knex {
    return pooledKnex({
      client: 'mysql2',
      connection: driverOptions(target, options) as Knex.MySql2ConnectionConfig,
      options,
      prepareSession: (connection) => query(connection, { sql: "SET time_zone = '+00:00'", bindings: [] }),
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

  classifyConnectFailure: connectFailureClassifier({
    auth: { codes: ['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE'] },
    database: { codes: ['ER_BAD_DB_ERROR'] },
    tls: { codes: ['HANDSHAKE_NO_SSL_SUPPORT'] },
  }),

  isConnectionLost: connectionLostDetector({
    codes: ['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ER_SERVER_SHUTDOWN', 'ER_CONNECTION_KILLED'],
    message: /closed state|connection lost|server closed the connection|connection was killed/i,
  }),
};
