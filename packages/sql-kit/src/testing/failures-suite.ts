import { describe, expect, it } from 'vitest';
import { collect, identities } from '@synap-etl/connector-kit';
import { SourceConnectError, SourceReadError } from '@synap-etl/core';
import type { SourceItem } from '@synap-etl/core';
import type { SqlTestDatabase, TestServer } from './sql-test-database.js';
import { useTestDatabase } from './use-test-database.js';

/** Rows of the `messages` fixture. */
export const FAILURES_FIXTURE_ROWS = 30;
/** A password the tests put in connection settings; it must never show in an error. */
export const TEST_PASSWORD = 'Sup3r-s3cret-pw';

export interface SqlFailuresHarness {
  /** Start of the describe titles: `postgres source`. */
  name: string;
  server: TestServer;
  /**
   * Statements building `messages (id int key, created_at not null, body)` with `rows` rows: row g (1..rows) has
   * id g, created_at 2024-05-01 00:00 UTC plus `(g div 4)` hours, body `message g`.
   */
  fixture(rows: number): string[];
  /** URL scheme of the connector: `postgres`, `mysql`. */
  urlScheme: string;
  /** Dialect-specific connection tests (refused passwords differ by server), inside the same describe block. */
  additionalConnectionTests?(context: SqlFailuresContext): void;
}

export interface SqlFailuresContext {
  db(): SqlTestDatabase;
  /** Opens a source on `messages` with `connection`, closes it, and tells what open threw and how long it took. */
  openError(connection: unknown, options?: Record<string, unknown>): Promise<{ error: unknown; ms: number }>;
}

/** Connection failures that fail fast with the host named and the password hidden; a session killed mid-read. */
export function describeSqlSourceFailures(harness: SqlFailuresHarness): void {
  const rows = FAILURES_FIXTURE_ROWS;
  const database = useTestDatabase(harness.server, 'failures', () => harness.fixture(rows));

  const context: SqlFailuresContext = {
    db: database,
    async openError(connection, options = {}) {
      const source = database().source({ connection, table: 'messages', cursor: 'id', connect_timeout_ms: 1500, ...options });
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
    },
  };
  const { openError } = context;

  describe(`${harness.name}: connection failures fail fast, name the host, hide the password`, () => {
    harness.additionalConnectionTests?.(context);

    it('a port nobody listens on', async () => {
      const { error, ms } = await openError(`${harness.urlScheme}://app:${TEST_PASSWORD}@127.0.0.1:1/app`);
      expect(error).toBeInstanceOf(SourceConnectError);
      expect((error as Error).message).toContain('127.0.0.1:1/app');
      expect((error as Error).message).not.toContain(TEST_PASSWORD);
      expect((error as SourceConnectError).hint).toMatch(/host and port/);
      expect(ms).toBeLessThan(3000);
    });

    it('a database that does not exist', async () => {
      const db = database();
      const url = new URL(db.url);
      url.pathname = `/${db.name}_missing`;
      const { error } = await openError(url.toString());
      expect(error).toBeInstanceOf(SourceConnectError);
      expect((error as Error).message).toContain(`${db.name}_missing`);
      expect((error as SourceConnectError).hint).toMatch(/database name/);
    });

    it('a table that does not exist fails at open, not mid-run', async () => {
      const db = database();
      const { error } = await openError(db.url, { table: 'no_such_table' });
      expect(error).toBeInstanceOf(SourceConnectError);
      expect((error as Error).message).toMatch(/no_such_table/);
      expect((error as Error).message).toContain(db.name);
    });
  });

  describe(`${harness.name}: a connection killed mid-read`, () => {
    it('ends the read with SourceReadError keeping the last position; resuming from it loses nothing', async () => {
      const db = database();
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
      expect(yielded.length).toBeLessThan(rows);
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
}
