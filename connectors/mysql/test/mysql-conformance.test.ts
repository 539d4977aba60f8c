import { afterAll, beforeAll } from 'vitest';
import { testSource } from '@synap-etl/connector-kit';
import { killSessionsAfter } from '@synap-etl/sql-kit/testing';
import { MysqlTestDatabase } from './mysql-test-database.js';

let db: MysqlTestDatabase;
const ROWS = 40;
// Small pages so every read crosses several page boundaries; duplicate timestamps so resume points fall
// inside runs of equal first-column values; one BLOB row so an invalid record travels through too.
const options = { table: 'conversations', cursor: ['created_at', 'id'], page_size: 6 };

beforeAll(async () => {
  db = await MysqlTestDatabase.create('conformance');
  await db.query(`
    CREATE TABLE conversations (
      id BIGINT PRIMARY KEY, created_at DATETIME(6) NOT NULL, body TEXT, attachment BLOB, KEY (created_at, id)
    )`);
  await db.query(`
    INSERT INTO conversations
    SELECT seq, TIMESTAMPADD(SECOND, seq DIV 3, '2024-02-01 10:00:00.000001'), CONCAT('turn ', seq),
           IF(seq = 17, x'deadbeef', NULL)
    FROM seq_1_to_${ROWS}`);
});

afterAll(async () => {
  await db?.drop();
});

testSource({
  name: 'mysql table with a composite cursor',
  create: () => db.source(options),
  expectedCount: ROWS,
  resourcesInUse: () => db.connectorSessions(),
  abortLatencyMs: 1000,
  createFailing: async () => ({
    source: killSessionsAfter(db.source(options), 8, () => db.killConnectorSessions()),
    failsAfter: 8,
    recovered: () => db.source(options),
  }),
});

testSource({
  name: 'mysql query with a single-column cursor',
  create: () => db.source({ query: 'SELECT id, created_at, body FROM conversations WHERE id % 2 = 0', cursor: 'id', page_size: 4, count: 'exact' }),
  expectedCount: ROWS / 2,
  resourcesInUse: () => db.connectorSessions(),
  abortLatencyMs: 1000,
});
