import pg from 'pg';
import { SqlTestDatabase } from '@synap-etl/sql-kit/testing';
import type { AdminConnection, TestServer } from '@synap-etl/sql-kit/testing';
import { postgresSource } from '../src/index.js';

export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function connect(url: string): Promise<AdminConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    query: async (sql, values = []) => (await client.query(sql, [...values])).rows as Record<string, unknown>[],
    end: () => client.end(),
  };
}

/** The PostgreSQL server the tests run against; the connector names its sessions `synap-etl`. */
export const pgTestServer: TestServer = {
  url: PG_URL,
  tag: 'pg',
  definition: postgresSource,
  connect,
  createDatabaseSql: (name) => `CREATE DATABASE ${name}`,
  dropDatabaseSql: (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
  connectorSessionsSql: "SELECT pid AS id FROM pg_stat_activity WHERE datname = $1 AND application_name = 'synap-etl'",
  killSessionSql: (id) => `SELECT pg_terminate_backend(${Number(id)})`,
};

export function createPgTestDatabase(label: string): Promise<SqlTestDatabase> {
  return SqlTestDatabase.create(pgTestServer, label);
}
