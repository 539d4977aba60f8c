import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, identities } from '@synap-etl/connector-kit';
import { SourceConnectError, SourceReadError } from '@synap-etl/core';
import type { SourceItem } from '@synap-etl/core';
import { postgresSource } from '../src/index.js';
import { startRefusingPgServer } from './fake-auth-server.js';
import { PgTestDatabase, testContext } from './pg-test-database.js';

let db: PgTestDatabase;
const PASSWORD = 'Sup3r-s3cret-pw';

beforeAll(async () => {
  db = await PgTestDatabase.create('failures');
  await db.query(`CREATE TABLE messages (id int PRIMARY KEY, created_at timestamptz NOT NULL, body text)`);
  await db.query(`
    INSERT INTO messages SELECT g, timestamptz '2024-05-01Z' + (g / 4) * interval '1 hour', 'message ' || g
    FROM generate_series(1, 30) g`);
});

afterAll(async () => {
  await db?.drop();
});

async function openError(connection: unknown, options: Record<string, unknown> = {}): Promise<{ error: unknown; ms: number }> {
  const config = postgresSource.configSchema.parse({ connection, table: 'messages', cursor: 'id', connect_timeout_ms: 1500, ...options });
  const source = postgresSource.create(config, testContext);
  const started = Date.now();
  let error: unknown;
  try {
    await source.open();
  } catch (caught) {
    error = caught;
  } finally {
    await source.close();
  }
  return { error, ms: Date.now() - started };
}

describe('postgres source: connection failures fail fast, name the host, hide the password', () => {
  it('a refused password (URL form)', async () => {
    const server = await startRefusingPgServer();
    try {
      const { error, ms } = await openError(`postgres://app:${PASSWORD}@127.0.0.1:${server.port}/app`);
      expect(error).toBeInstanceOf(SourceConnectError);
      const failure = error as SourceConnectError;
      expect(failure.message).toContain(`127.0.0.1:${server.port}/app`);
      expect(failure.message).toMatch(/password authentication failed/);
      expect(failure.message).not.toContain(PASSWORD);
      expect(failure.hint).toMatch(/password/);
      expect(ms).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });

  it('a refused password (fields form)', async () => {
    const server = await startRefusingPgServer();
    try {
      const { error } = await openError({ host: '127.0.0.1', port: server.port, user: 'app', password: PASSWORD, database: 'app' });
      expect(error).toBeInstanceOf(SourceConnectError);
      expect((error as Error).message).toContain(`127.0.0.1:${server.port}/app as user "app"`);
      expect((error as Error).message).not.toContain(PASSWORD);
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(PASSWORD);
    } finally {
      await server.close();
    }
  });

  it('a port nobody listens on', async () => {
    const { error, ms } = await openError(`postgres://app:${PASSWORD}@127.0.0.1:1/app`);
    expect(error).toBeInstanceOf(SourceConnectError);
    expect((error as Error).message).toContain('127.0.0.1:1/app');
    expect((error as Error).message).not.toContain(PASSWORD);
    expect((error as SourceConnectError).hint).toMatch(/host and port/);
    expect(ms).toBeLessThan(3000);
  });

  it('a database that does not exist', async () => {
    const url = new URL(db.url);
    url.pathname = `/${db.name}_missing`;
    const { error } = await openError(url.toString());
    expect(error).toBeInstanceOf(SourceConnectError);
    expect((error as Error).message).toContain(`${db.name}_missing`);
    expect((error as SourceConnectError).hint).toMatch(/database name/);
  });

  it('a table that does not exist fails at open, not mid-run', async () => {
    const { error } = await openError(db.url, { table: 'no_such_table' });
    expect(error).toBeInstanceOf(SourceConnectError);
    expect((error as Error).message).toMatch(/no_such_table/);
    expect((error as Error).message).toContain(db.name);
  });
});

describe('postgres source: a connection killed mid-read', () => {
  it('ends the read with SourceReadError keeping the last position; resuming from it loses nothing', async () => {
    const options = { table: 'messages', cursor: ['created_at', 'id'], page_size: 5 };
    const source = db.source(options);
    await source.open();
    const yielded: SourceItem[] = [];
    let thrown: unknown;
    try {
      for await (const item of source.read()) {
        yielded.push(item);
        if (yielded.length === 7) expect(await db.killConnectorSessions()).toBeGreaterThan(0);
      }
    } catch (error) {
      thrown = error;
    } finally {
      await source.close();
    }
    expect(thrown).toBeInstanceOf(SourceReadError);
    const failure = thrown as SourceReadError;
    expect(failure.message).toMatch(/connection lost/);
    expect(yielded.length).toBeGreaterThanOrEqual(7);
    expect(yielded.length).toBeLessThan(30);
    expect(failure.lastPosition).toStrictEqual(yielded.at(-1)?.position);

    const fresh = db.source(options);
    await fresh.open();
    try {
      const all = identities(await collect(fresh));
      const rest = identities(await collect(fresh, { after: JSON.parse(JSON.stringify(failure.lastPosition)) }));
      expect([...identities(yielded), ...rest]).toStrictEqual(all);
    } finally {
      await fresh.close();
    }
    expect(await db.connectorSessions()).toBe(0);
  });
});
