import { expect, it } from 'vitest';
import { SourceConnectError } from '@synap-etl/core';
import { TEST_PASSWORD, describeSqlSourceFailures } from '@synap-etl/sql-kit/testing';
import { startRefusingPgServer } from './fake-auth-server.js';
import { pgTestServer } from './pg-test-database.js';

describeSqlSourceFailures({
  name: 'postgres source',
  server: pgTestServer,
  fixture: (rows) => [
    `CREATE TABLE messages (id int PRIMARY KEY, created_at timestamptz NOT NULL, body text)`,
    `INSERT INTO messages SELECT g, timestamptz '2024-05-01Z' + (g / 4) * interval '1 hour', 'message ' || g
     FROM generate_series(1, ${rows}) g`,
  ],
  urlScheme: 'postgres',
  // The local test server trusts every local login, so a stand-in server refuses the password.
  additionalConnectionTests({ openError }) {
    it('a refused password (URL form)', async () => {
      const server = await startRefusingPgServer();
      try {
        const { error, ms } = await openError(`postgres://app:${TEST_PASSWORD}@127.0.0.1:${server.port}/app`);
        expect(error).toBeInstanceOf(SourceConnectError);
        const failure = error as SourceConnectError;
        expect(failure.message).toContain(`127.0.0.1:${server.port}/app`);
        expect(failure.message).toMatch(/password authentication failed/);
        expect(failure.message).not.toContain(TEST_PASSWORD);
        expect(failure.hint).toMatch(/password/);
        expect(ms).toBeLessThan(3000);
      } finally {
        await server.close();
      }
    });

    it('a refused password (fields form)', async () => {
      const server = await startRefusingPgServer();
      try {
        const { error } = await openError({ host: '127.0.0.1', port: server.port, user: 'app', password: TEST_PASSWORD, database: 'app' });
        expect(error).toBeInstanceOf(SourceConnectError);
        expect((error as Error).message).toContain(`127.0.0.1:${server.port}/app as user "app"`);
        expect((error as Error).message).not.toContain(TEST_PASSWORD);
        expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(TEST_PASSWORD);
      } finally {
        await server.close();
      }
    });
  },
});
