import { expect, it } from 'vitest';
import type { SourceRecord } from '@synap-etl/core';
import { describeSqlSourceReads, ids, readAll } from '@synap-etl/sql-kit/testing';
import { mysqlTestServer } from './mysql-test-database.js';

describeSqlSourceReads({
  name: 'mysql source',
  server: mysqlTestServer,
  fixture: (rows) => [
    `CREATE TABLE conversations (
       id BIGINT PRIMARY KEY, created_at DATETIME(6) NOT NULL, topic VARCHAR(10), body TEXT, KEY by_time (created_at, id)
     )`,
    `INSERT INTO conversations (id, created_at, topic, body)
     SELECT seq * 7 % 101, TIMESTAMPADD(MICROSECOND, (seq DIV 5) * 60000001, '2024-01-01 00:00:00.000001'),
            IF(seq % 2 = 0, 'even', 'odd'), CONCAT('turn ', seq)
     FROM seq_1_to_${rows}`,
    `CREATE TABLE nullable_cursor (id INT PRIMARY KEY, created_at DATETIME NULL)`,
    `INSERT INTO nullable_cursor VALUES (1, '2024-01-01'), (2, NULL), (3, '2024-01-02')`,
    `CREATE TABLE not_unique (id INT, created_at DATETIME NOT NULL)`,
    `INSERT INTO not_unique VALUES (1, '2024-01-01'), (2, '2024-01-01'), (3, '2024-01-02')`,
  ],
  // DATETIME has no zone: positions keep the server's wall-clock text.
  firstCreatedAt: '2024-01-01T00:00:00.000001',
  window: {
    since: '2024-01-01 00:02:00',
    until: '2024-01-01 00:05:00.000005',
    sqlCondition: "created_at >= '2024-01-01 00:02:00' AND created_at < '2024-01-01 00:05:00.000005'",
  },
  bigTable: [`CREATE TABLE big (id INT PRIMARY KEY) SELECT seq AS id FROM seq_1_to_150000`, `ANALYZE TABLE big`],
  estimateBetween: [100_000, 200_000],
  additionalTests({ db, expectedOrder }) {
    it('reads a user query as a subquery, keeping literal question marks intact', async () => {
      const items = await readAll(db(), {
        query: "SELECT id, created_at, CONCAT(body, '?') AS asked FROM conversations WHERE topic = 'odd'",
        cursor: ['created_at', 'id'],
        page_size: 3,
      });
      expect(ids(items)).toStrictEqual(await expectedOrder("topic = 'odd'"));
      expect((items[0] as SourceRecord).data.asked).toMatch(/^turn \d+\?$/);
    });
  },
});
