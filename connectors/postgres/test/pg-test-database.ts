import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '@synap-etl/core';
import type { Source, SourceContext } from '@synap-etl/core';
import { postgresSource } from '../src/index.js';

export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testContext: SourceContext = { baseDir: process.cwd(), logger: silentLogger };

function urlFor(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A uniquely named database for one test file, with an admin client on it; `drop()` removes it. */
export class PgTestDatabase {
  readonly name: string;
  readonly url: string;
  readonly admin: pg.Client;

  private constructor(name: string, admin: pg.Client) {
    this.name = name;
    this.url = urlFor(name);
    this.admin = admin;
  }

  static async create(label: string): Promise<PgTestDatabase> {
    const name = `etl_test_pg_${label}_${randomBytes(4).toString('hex')}`;
    const server = new pg.Client({ connectionString: PG_URL });
    await server.connect();
    try {
      await server.query(`CREATE DATABASE ${name}`);
    } finally {
      await server.end();
    }
    const admin = new pg.Client({ connectionString: urlFor(name) });
    await admin.connect();
    return new PgTestDatabase(name, admin);
  }

  async query(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
    return this.admin.query(sql, values);
  }

  /** A source over this database from option overrides; the schema fills in defaults. */
  source(options: Record<string, unknown>, context: SourceContext = testContext): Source {
    const config = postgresSource.configSchema.parse({ connection: this.url, ...options });
    return postgresSource.create(config, context);
  }

  /** Sessions the connector holds on this database (it names itself `synap-etl`). */
  async connectorSessions(): Promise<number> {
    const result = await this.admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'synap-etl'",
      [this.name],
    );
    return (result.rows[0] as { n: number }).n;
  }

  /** Terminates every session of the connector on this database, as an operator or a failover would. */
  async killConnectorSessions(): Promise<number> {
    const result = await this.admin.query(
      "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND application_name = 'synap-etl'",
      [this.name],
    );
    return result.rowCount ?? 0;
  }

  async drop(): Promise<void> {
    await this.admin.end();
    const server = new pg.Client({ connectionString: PG_URL });
    await server.connect();
    try {
      await server.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    } finally {
      await server.end();
    }
  }
}
