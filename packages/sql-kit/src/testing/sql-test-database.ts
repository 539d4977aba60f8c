import { randomBytes } from 'node:crypto';
import { silentLogger } from '@synap-etl/core';
import type { Source, SourceContext, SourceDefinition } from '@synap-etl/core';

export const testContext: SourceContext = { baseDir: process.cwd(), logger: silentLogger };

/** A plain driver connection for fixtures and oracles; `query` returns the result rows (none for DDL). */
export interface AdminConnection {
  query(sql: string, values?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  end(): Promise<void>;
}

/** What a connector's tests tell the shared helpers about their server. */
export interface TestServer {
  /** Server URL (from `PG_URL`, `MYSQL_URL`), as a user allowed to create databases. */
  readonly url: string;
  /** Short tag in database names: `pg`, `my`. */
  readonly tag: string;
  /** The connector under test. */
  readonly definition: SourceDefinition;
  connect(url: string): Promise<AdminConnection>;
  createDatabaseSql(name: string): string;
  /** Run from a separate connection once the admin connection is closed. */
  dropDatabaseSql(name: string): string;
  /** Rows with an `id` column, one per session of the connector on the database bound as the only parameter. */
  readonly connectorSessionsSql: string;
  killSessionSql(id: number): string;
}

/** The server URL pointed at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(server: TestServer, statements: readonly string[]): Promise<void> {
  const connection = await server.connect(server.url);
  try {
    for (const statement of statements) await connection.query(statement);
  } finally {
    await connection.end();
  }
}

/** A uniquely named database for one test file, with an admin connection on it; `drop()` removes it. */
export class SqlTestDatabase {
  readonly name: string;
  readonly url: string;
  readonly server: TestServer;
  readonly #admin: AdminConnection;
  readonly #dropFirst: string[] = [];

  private constructor(server: TestServer, name: string, admin: AdminConnection) {
    this.server = server;
    this.name = name;
    this.url = databaseUrl(server.url, name);
    this.#admin = admin;
  }

  static async create(server: TestServer, label: string): Promise<SqlTestDatabase> {
    const name = `etl_test_${server.tag}_${label}_${randomBytes(4).toString('hex')}`;
    await onServer(server, [server.createDatabaseSql(name)]);
    const admin = await server.connect(databaseUrl(server.url, name));
    return new SqlTestDatabase(server, name, admin);
  }

  async query<Row = Record<string, unknown>>(sql: string, values: readonly unknown[] = []): Promise<Row[]> {
    return (await this.#admin.query(sql, values)) as Row[];
  }

  /** A source over this database from option overrides (`connection` too); the schema fills in defaults. */
  source(options: Record<string, unknown>, context: SourceContext = testContext): Source {
    const { definition } = this.server;
    return definition.create(definition.configSchema.parse({ connection: this.url, ...options }), context);
  }

  /** A server-level statement to run before the database is dropped (a test user to remove, say). */
  dropAlongside(statement: string): void {
    this.#dropFirst.push(statement);
  }

  async #sessionIds(): Promise<number[]> {
    const rows = await this.query<{ id: unknown }>(this.server.connectorSessionsSql, [this.name]);
    return rows.map((row) => Number(row.id));
  }

  /** Sessions the connector holds on this database. */
  async connectorSessions(): Promise<number> {
    return (await this.#sessionIds()).length;
  }

  /** Kills every session of the connector on this database, as an operator or a failover would. */
  async killConnectorSessions(): Promise<number> {
    const ids = await this.#sessionIds();
    // A session may end on its own between the listing and the kill.
    for (const id of ids) await this.query(this.server.killSessionSql(id)).catch(() => undefined);
    return ids.length;
  }

  async drop(): Promise<void> {
    await this.#admin.end();
    await onServer(this.server, [...this.#dropFirst, this.server.dropDatabaseSql(this.name)]);
  }
}
