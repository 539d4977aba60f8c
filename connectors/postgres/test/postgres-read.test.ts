import { expect, it } from 'vitest';
import type { SourceRecord } from '@synap-etl/core';
import { describeSqlSourceReads, ids, readAll } from '@synap-etl/sql-kit/testing';
import { pgTestServer } from './pg-test-database.js';

describeSqlSourceReads({
  name: 'postgres source',
  server: pgTestServer,
  fixture: (rows) => [
    `CREATE TABLE conversations (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, topic text, body text, meta jsonb)`,
    `INSERT INTO conversations (id, created_at, topic, body, meta)
     SELECT g * 7 % 101, timestamptz '2024-01-01 00:00:00.000001+00' + (g / 5) * interval '1 minute 0.000001 second',
            CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END, 'turn ' || g, jsonb_build_object('g', g)
     FROM generate_series(1, ${rows}) AS g`,
    `CREATE TABLE nullable_cursor (id int PRIMARY KEY, created_at timestamptz)`,
    `INSERT INTO nullable_cursor VALUES (1, '2024-01-01Z'), (2, NULL), (3, '2024-01-02Z')`,
    `CREATE TABLE not_unique (id int, created_at timestamptz NOT NULL)`,
    `INSERT INTO not_unique VALUES (1, '2024-01-01Z'), (2, '2024-01-01Z'), (3, '2024-01-02Z')`,
  ],
  firstCreatedAt: '2024-01-01T00:00:00.000001Z',
  window: {
    since: '2024-01-01 00:02:00',
    until: '2024-01-01T00:05:00.000005Z',
    sqlCondition: "created_at >= '2024-01-01 00:02:00+00' AND created_at < '2024-01-01T00:05:00.000005Z'",
  },
  bigTable: [`CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 150000) g`, `ANALYZE big`],
  estimateBetween: [120_000, 180_000],
  additionalTests({ db, expectedOrder }) {
    it('reads a user query as a subquery, keeping ? operators of the query text intact', async () => {
      const items = await readAll(db(), {
        query: "SELECT id, created_at, meta->>'g' AS g FROM conversations WHERE meta ? 'g' AND topic = 'odd'",
        cursor: ['created_at', 'id'],
        page_size: 3,
      });
      expect(ids(items)).toStrictEqual(await expectedOrder("topic = 'odd'"));
      expect(Object.keys((items[0] as SourceRecord).data).sort()).toStrictEqual(['created_at', 'g', 'id']);
    });
  },
});
