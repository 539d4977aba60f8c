import { describe, expect, it } from 'vitest';
import { collect, identities, jsonRoundTrip } from '@synap-etl/connector-kit';
import { ConfigError, isInvalidRecord } from '@synap-etl/core';
import type { SourceItem, SourceRecord } from '@synap-etl/core';
import { ids, readAll } from './read-helpers.js';
import type { SqlTestDatabase, TestServer } from './sql-test-database.js';
import { useTestDatabase } from './use-test-database.js';

/** Rows of the `conversations` fixture. */
export const READS_FIXTURE_ROWS = 47;

export interface SqlReadsHarness {
  /** Start of the describe title: `postgres source`. */
  name: string;
  server: TestServer;
  /**
   * Statements building, in the dialect's DDL:
   * - `conversations (id bigint key, created_at with microseconds, topic, body, ...)` holding `rows` rows; row g
   *   (1..rows) has id `g * 7 % 101`, created_at `2024-01-01 00:00:00.000001` UTC plus `(g div 5)` times
   *   60.000001 s, topic `even`/`odd` by g's parity, body `turn g`. Groups of 5 rows share one created_at and
   *   ids are out of time order, so neither column alone gives the cursor order;
   * - `nullable_cursor (id key, created_at nullable)`: (1, 2024-01-01), (2, NULL), (3, 2024-01-02);
   * - `not_unique (id, created_at not null)`: (1, 2024-01-01), (2, 2024-01-01), (3, 2024-01-02).
   */
  fixture(rows: number): string[];
  /** The first created_at as the connector writes it in positions and keys. */
  firstCreatedAt: string;
  /** `since` and `until` options, and the SQL condition the server reads them as (the oracle). */
  window: { since: string; until: string; sqlCondition: string };
  /** Statements creating and analysing `big (id)` with 150,000 rows, and the range the planner's guess must fall in. */
  bigTable: string[];
  estimateBetween: [number, number];
  /** Dialect-specific tests, registered inside the same describe block. */
  additionalTests?(context: SqlReadsContext): void;
}

export interface SqlReadsContext {
  db(): SqlTestDatabase;
  /** Ids of `conversations` rows matching `where`, in (created_at, id) order, from the server itself. */
  expectedOrder(where?: string): Promise<string[]>;
}

/** Order, pagination, resume, bounds, counts and cursor checks every SQL source must pass on a real server. */
export function describeSqlSourceReads(harness: SqlReadsHarness): void {
  const rows = READS_FIXTURE_ROWS;
  const db = useTestDatabase(harness.server, 'read', () => harness.fixture(rows));

  const context: SqlReadsContext = {
    db,
    async expectedOrder(where = 'TRUE') {
      const found = await db().query<{ id: unknown }>(`SELECT id FROM conversations WHERE ${where} ORDER BY created_at, id`);
      return found.map((row) => String(row.id));
    },
  };
  const { expectedOrder } = context;
  const read = (options: Record<string, unknown>, after?: unknown): Promise<SourceItem[]> => readAll(db(), options, after);

  describe(`${harness.name}: order and pagination`, () => {
    harness.additionalTests?.(context);

    it('reads every row in (created_at, id) order across many small pages', async () => {
      const items = await read({ table: 'conversations', cursor: ['created_at', 'id'], page_size: 4 });
      expect(ids(items)).toStrictEqual(await expectedOrder());
      expect(items.every((item) => !isInvalidRecord(item))).toBe(true);
    });

    it('gives positions of the cursor values (microseconds kept, bigints as strings) and keys naming them', async () => {
      const [first] = await read({ table: 'conversations', cursor: ['created_at', 'id'], page_size: 3 });
      const firstId = (await expectedOrder())[0];
      expect(first?.position).toStrictEqual({ created_at: harness.firstCreatedAt, id: firstId });
      expect(first?.key).toBe(`created_at=${harness.firstCreatedAt}|id=${firstId}`);
    });

    it('resumes strictly after positions inside runs of equal timestamps: no gap, no overlap', async () => {
      const options = { table: 'conversations', cursor: ['created_at', 'id'], page_size: 4 };
      const all = await read(options);
      // Indexes 1..3 and 21..23 sit inside groups sharing one created_at.
      for (const index of [0, 1, 2, 3, 21, 22, 23, rows - 2]) {
        const rest = await read(options, jsonRoundTrip(all[index]?.position));
        expect(identities(rest), `resume after item ${index}`).toStrictEqual(identities(all.slice(index + 1)));
      }
    });

    it('resumes on a single-column cursor too', async () => {
      const options = { table: 'conversations', cursor: 'id', page_size: 5 };
      const all = await read(options);
      const sorted = [...ids(all)].sort((a, b) => Number(a) - Number(b));
      expect(ids(all)).toStrictEqual(sorted);
      expect(ids(await read(options, all[10]?.position))).toStrictEqual(sorted.slice(11));
    });

    it('applies where, since (inclusive) and until (exclusive) to the first cursor column', async () => {
      const { since, until, sqlCondition } = harness.window;
      const items = await read({ table: 'conversations', cursor: ['created_at', 'id'], where: "topic = 'even'", since, until, page_size: 2 });
      const expected = await expectedOrder(`topic = 'even' AND ${sqlCondition}`);
      expect(expected.length).toBeGreaterThan(3);
      expect(ids(items)).toStrictEqual(expected);
    });

    it('reads only the listed columns, plus the cursor columns', async () => {
      const [first] = await read({ table: 'conversations', columns: ['body'], cursor: ['created_at', 'id'] });
      expect(Object.keys((first as SourceRecord).data).sort()).toStrictEqual(['body', 'created_at', 'id']);
    });

    it('counts exactly, also after a position', async () => {
      const source = db().source({ table: 'conversations', cursor: ['created_at', 'id'], count: 'exact', where: "topic = 'odd'" });
      await source.open();
      try {
        const items = await collect(source);
        expect(await source.count?.()).toStrictEqual({ value: items.length, exact: true });
        expect(await source.count?.({ after: items[4]?.position })).toStrictEqual({ value: items.length - 5, exact: true });
      } finally {
        await source.close();
      }
    });

    it('asks the planner for the count of a big table, and says it is an estimate', async () => {
      for (const statement of harness.bigTable) await db().query(statement);
      const source = db().source({ table: 'big', cursor: 'id' });
      await source.open();
      try {
        const count = await source.count?.();
        expect(count?.exact).toBe(false);
        expect(count?.value).toBeGreaterThan(harness.estimateBetween[0]);
        expect(count?.value).toBeLessThan(harness.estimateBetween[1]);
      } finally {
        await source.close();
      }
    });

    it('skips rows whose cursor column is NULL and warns about the nullable column at open', async () => {
      const warnings: string[] = [];
      const source = db().source(
        { table: 'nullable_cursor', cursor: ['created_at', 'id'], page_size: 1 },
        { baseDir: '.', logger: { debug() {}, info() {}, error() {}, warn: (message) => warnings.push(message) } },
      );
      await source.open();
      try {
        expect(warnings.join('\n')).toMatch(/created_at.*NULL/);
        expect(ids(await collect(source))).toStrictEqual(['1', '3']);
      } finally {
        await source.close();
      }
    });

    it('refuses a cursor that is not unique instead of skipping rows on resume', async () => {
      await expect(read({ table: 'not_unique', cursor: 'created_at' })).rejects.toMatchObject({
        code: 'SOURCE_READ',
        message: expect.stringMatching(/not unique/),
      });
    });

    it('refuses a cursor that is not unique also when the equal rows straddle a page boundary', async () => {
      for (const page_size of [1, 2, 3]) {
        await expect(read({ table: 'not_unique', cursor: 'created_at', page_size }), `page_size ${page_size}`).rejects.toMatchObject({
          code: 'SOURCE_READ',
          message: expect.stringMatching(/not unique/),
        });
      }
    });

    it('refuses a resume position written for another cursor', async () => {
      await expect(read({ table: 'conversations', cursor: ['created_at', 'id'] }, { id: '3' })).rejects.toBeInstanceOf(ConfigError);
    });
  });
}
