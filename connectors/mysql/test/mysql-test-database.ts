import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { silentLogger } from '@synap-etl/core';
import type { Source, SourceContext } from '@synap-etl/core';
import { mysqlSource } from '../src/index.js';

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql';
export const testContext: SourceContext = { baseDir: process.cwd(), logger: silentLogger };

function urlFor(database: string): string {
  const url = new URL(MYSQL_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A uniquely named database for one test file, with an admin connection on it; `drop()` removes it. */
export class MysqlTestDatabase {
  readonly name: string;
  readonly url: string;
  readonly admin: mysql.Connection;
  readonly #users: string[] = [];

  private constructor(name: string, admin: mysql.Connection) {
    this.name = name;
    this.url = urlFor(name);
    this.admin = admin;
  }

  static async create(label: string): Promise<MysqlTestDatabase> {
    const name = `etl_test_my_${label}_${randomBytes(4).toString('hex')}`;
    const server = await mysql.createConnection({ uri: MYSQL_URL });
    try {
      await server.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
    } finally {
      await server.end();
    }
    const admin = await mysql.createConnection({ uri: urlFor(name), charset: 'utf8mb4', multipleStatements: true });
    return new MysqlTestDatabase(name, admin);
  }

  async query<T = unknown>(sql: string, values: unknown[] = []): Promise<T> {
    const [rows] = await this.admin.query(sql, values);
    return rows as T;
  }

  /** A source over this database from option overrides; the schema fills in defaults. */
  source(options: Record<string, unknown>, context: SourceContext = testContext): Source {
    const config = mysqlSource.configSchema.parse({ connection: this.url, ...options });
    return mysqlSource.create(config, context);
  }

  /** A user allowed to read this database, with a password, dropped with the database. */
  async createReader(password: string): Promise<string> {
    const user = `etl_u_${randomBytes(4).toString('hex')}`;
    const host = new URL(MYSQL_URL).hostname;
    await this.admin.query(`CREATE USER ?@? IDENTIFIED BY ?`, [user, host, password]);
    await this.admin.query(`GRANT SELECT ON ${this.name}.* TO ?@?`, [user, host]);
    this.#users.push(`'${user}'@'${host}'`);
    return user;
  }

  /** Sessions on this database other than the admin connection: the connector's. */
  async #sessionIds(): Promise<number[]> {
    const rows = await this.query<Array<{ id: number }>>(
      'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
      [this.name],
    );
    return rows.map((row) => Number(row.id));
  }

  async connectorSessions(): Promise<number> {
    return (await this.#sessionIds()).length;
  }

  /** KILL CONNECTION on every connector session, as an operator or a failover would. */
  async killConnectorSessions(): Promise<number> {
    const ids = await this.#sessionIds();
    for (const id of ids) await this.admin.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined);
    return ids.length;
  }

  async drop(): Promise<void> {
    for (const user of this.#users) await this.admin.query(`DROP USER IF EXISTS ${user}`);
    await this.admin.query(`DROP DATABASE IF EXISTS ${this.name}`);
    await this.admin.end();
  }
}
