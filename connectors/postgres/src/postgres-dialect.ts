import type { Knex } from 'knex';
import type pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { connectFailureClassifier, connectionLostDetector, endpointFields, pooledKnex } from '@synap-etl/sql-kit';
import type { ColumnInfo, ColumnKind, ConnectionTarget, KnexOptions, QueryResult, SqlDialect, SqlStatement } from '@synap-etl/sql-kit';
import { INSTANT_OIDS, NAIVE_TIMESTAMP_OIDS, exactTypeParsers } from './pg-type-parsers.js';

export const POSTGRES_DEFAULT_PORT = 5432;

const TYPE_NAMES: Record<number, string> = { 17: 'bytea', 1001: 'bytea[]' };

/** URL settings first, then the fields written next to it; empty URL parts leave pg's defaults alone. */
function clientConfig(target: ConnectionTarget, options: KnexOptions): pg.ClientConfig {
  const fromUrl = target.url ? parseConnectionString(target.url) : {};
  const config: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fromUrl)) {
    if (value !== '' && value !== null && value !== undefined) config[name] = value;
  }
  if (typeof config.port === 'string') config.port = Number(config.port);
  Object.assign(config, endpointFields(target));
  if (target.tls !== undefined) config.ssl = target.tls;
  return {
    ...config,
    types: exactTypeParsers,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: (config.application_name as string | undefined) ?? 'synap-etl',
    keepAlive: true,
  };
}

function kindOf(oid: number): ColumnKind {
  if (INSTANT_OIDS.has(oid)) return 'instant';
  if (NAIVE_TIMESTAMP_OIDS.has(oid)) return 'naive';
  return 'plain';
}

function columnsOf(fields: readonly pg.FieldDef[]): ColumnInfo[] {
  return fields.map((field) => ({
    name: field.name,
    kind: kindOf(field.dataTypeID),
    typeName: TYPE_NAMES[field.dataTypeID] ?? `oid ${field.dataTypeID}`,
  }));
}

export const postgresDialect: SqlDialect = {
  product: 'PostgreSQL',
  defaultPort: POSTGRES_DEFAULT_PORT,
  keysetStyle: 'row',
  currentSchemaSql: 'current_schema()',

  createKnex(target: ConnectionTarget, options: KnexOptions): Knex {
    return pooledKnex({
      client: 'pg',
      connection: clientConfig(target, options) as Knex.PgConnectionConfig,
      options,
      // A fixed session zone makes `since`/`until` text and timestamptz output independent of the server's setting.
      prepareSession: (connection) => (connection as pg.Client).query("SET TIME ZONE 'UTC'"),
    });
  },

  async execute(connection: unknown, { sql, bindings }: SqlStatement): Promise<QueryResult> {
    const result = await (connection as pg.Client).query({ text: sql, values: [...bindings] });
    return { rows: result.rows as Record<string, unknown>[], columns: columnsOf(result.fields) };
  },

  async estimateRows(connection: unknown, { sql, bindings }: SqlStatement): Promise<number | undefined> {
    const result = await (connection as pg.Client).query({ text: `EXPLAIN (FORMAT JSON) ${sql}`, values: [...bindings] });
    const plan = (result.rows[0] as Record<string, unknown> | undefined)?.['QUERY PLAN'] as
      | Array<{ Plan?: { 'Plan Rows'?: number } }>
      | undefined;
    return plan?.[0]?.Plan?.['Plan Rows'];
  },

  classifyConnectFailure: connectFailureClassifier({
    auth: { codes: ['28P01', '28000'] },
    database: { codes: ['3D000'] },
    tls: { message: /does not support SSL/i },
  }),

  isConnectionLost: connectionLostDetector({
    codes: ['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNRESET', 'EPIPE'],
    message: /connection terminated|not queryable|connection error|terminating connection/i,
  }),
};
