import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { SqlTestDatabase } from '@synap-etl/sql-kit/testing';
import type { AdminConnection, TestServer } from '@synap-etl/sql-kit/testing';
import { mysqlSource } from '../src/index.js';

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql';

async function connect(url: string): Promise<AdminConnection> {
  // Several statements per query: the seed scripts are run whole.
  const connection = await mysql.createConnection({ uri: url, charset: 'utf8mb4', multipleStatements: true });
  return {
    async query(sql, values = []) {
      const [rows] = await connection.query(sql, [...values]);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    end: () => connection.end(),
  };
}

/** The MySQL/MariaDB server the tests run against; the connector's sessions are all but the admin one. */
export const mysqlTestServer: TestServer = {
  url: MYSQL_URL,
  tag: 'my',
  definition: mysqlSource,
  connect,
  createDatabaseSql: (name) => `CREATE DATABASE ${name} CHARACTER SET utf8mb4`,
  dropDatabaseSql: (name) => `DROP DATABASE IF EXISTS ${name}`,
  connectorSessionsSql: 'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
  killSessionSql: (id) => `KILL CONNECTION ${Number(id)}`,
};

export function createMysqlTestDatabase(label: string): Promise<SqlTestDatabase> {
  return SqlTestDatabase.create(mysqlTestServer, label);
}

/** A user allowed to read `db`, with a password, dropped with the database. */
export async function createReader(db: SqlTestDatabase, password: string): Promise<string> {
  const user = `etl_u_${randomBytes(4).toString('hex')}`;
  const host = new URL(MYSQL_URL).hostname;
  await db.query(`CREATE USER ?@? IDENTIFIED BY ?`, [user, host, password]);
  await db.query(`GRANT SELECT ON ${db.name}.* TO ?@?`, [user, host]);
  db.dropAlongside(`DROP USER IF EXISTS '${user}'@'${host}'`);
  return user;
}
