import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, identities } from '@synap-etl/connector-kit';
import { SourceConnectError, SourceReadError } from '@synap-etl/core';
import type { SourceItem } from '@synap-etl/core';
import { mysqlSource } from '../src/index.js';
import { MysqlTestDatabase, testContext } from './mysql-test-database.js';

let db: MysqlTestDatabase;
let reader: string;
const PASSWORD = 'Sup3r-s3cret-pw';
const host = () => new URL(db.url).hostname;
const port = () => Number(new URL(db.url).port || 3306);

beforeAll(async () => {
  db = await MysqlTestDatabase.create('failures');
  await db.query(`CREATE TABLE messages (id INT PRIMARY KEY, created_at DATETIME(6) NOT NULL, body TEXT, KEY (created_at, id))`);
  await db.query(`
    INSERT INTO messages SELECT seq, TIMESTAMPADD(HOUR, seq DIV 4, '2024-05-01'), CONCAT('message ', seq)
    FROM seq_1_to_30`);
  reader = await db.createReader(PASSWORD);
});

afterAll(async () => {
  await db?.drop();
});

async function openError(connection: unknown, options: Record<string, unknown> = {}): Promise<{ error: unknown; ms: number }> {
  const config = mysqlSource.configSchema.parse({ connection, table: 'messages', cursor: 'id', connect_timeout_ms: 1500, ...options });
  const source = mysqlSource.create(config, testContext);
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

describe('mysql source: connection failures fail fast, name the host, hide the password', () => {
  it('the right password opens (control for the next test)', async () => {
    const { error } = await openError({ host: host(), port: port(), user: reader, password: PASSWORD, database: db.name });
    expect(error).toBeUndefined();
  });

  it('a wrong password, in URL and in fields form', async () => {
    const wrong = `${PASSWORD}-wrong`;
    for (const connection of [
      `mysql://${reader}:${encodeURIComponent(wrong)}@${host()}:${port()}/${db.name}`,
      { host: host(), port: port(), user: reader, password: wrong, database: db.name },
    ]) {
      const { error, ms } = await openError(connection);
      expect(error).toBeInstanceOf(SourceConnectError);
      const failure = error as SourceConnectError;
      expect(failure.message).toContain(`${host()}:${port()}/${db.name} as user "${reader}"`);
      expect(failure.message).toMatch(/Access denied/);
      expect(failure.message).not.toContain(wrong);
      expect(failure.hint).toMatch(/password/);
      expect(ms).toBeLessThan(3000);
    }
  });

  it('a port nobody listens on', async () => {
    const { error, ms } = await openError(`mysql://app:${PASSWORD}@127.0.0.1:1/app`);
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
  });
});

describe('mysql source: a connection killed mid-read', () => {
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
  });
});
