import { afterAll, beforeAll } from 'vitest';
import { testSource } from '@synap-etl/connector-kit';
import { killSessionsAfter } from '@synap-etl/sql-kit/testing';
import { PgTestDatabase } from './pg-test-database.js';

let db: PgTestDatabase;
const ROWS = 40;
// Small pages so every read crosses several page boundaries; duplicate timestamps so resume points fall
// inside runs of equal first-column values; one bytea row so an invalid record travels through too.
const options = { table: 'conversations', cursor: ['created_at', 'id'], page_size: 6 };

beforeAll(async () => {
  db = await PgTestDatabase.create('conformance');
  await db.query(`CREATE TABLE conversations (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, body text, attachment bytea)`);
  await db.query(`
    INSERT INTO conversations
    SELECT g, timestamptz '2024-02-01 10:00:00.000001Z' + (g / 3) * interval '1 second',
           'turn ' || g, CASE WHEN g = 17 THEN '\\xdeadbeef'::bytea END
    FROM generate_series(1, ${ROWS}) g`);
});

afterAll(async () => {
  await db?.drop();
});

testSource({
  name: 'postgres table with a composite cursor',
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
  name: 'postgres query with a single-column cursor',
  create: () => db.source({ query: 'SELECT id, created_at, body FROM conversations WHERE id % 2 = 0', cursor: 'id', page_size: 4, count: 'exact' }),
  expectedCount: ROWS / 2,
  resourcesInUse: () => db.connectorSessions(),
  abortLatencyMs: 1000,
});
