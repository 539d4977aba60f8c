import { testSource } from '@synap-etl/connector-kit';
import { CONFORMANCE_FIXTURE_ROWS, sqlConformanceCases, useTestDatabase } from '@synap-etl/sql-kit/testing';
import { pgTestServer } from './pg-test-database.js';

// Duplicate timestamps so resume points fall inside runs of equal first-column values; one bytea row so an
// invalid record travels through too.
const db = useTestDatabase(pgTestServer, 'conformance', () => [
  `CREATE TABLE conversations (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, body text, attachment bytea)`,
  `INSERT INTO conversations
   SELECT g, timestamptz '2024-02-01 10:00:00.000001Z' + (g / 3) * interval '1 second',
          'turn ' || g, CASE WHEN g = 17 THEN '\\xdeadbeef'::bytea END
   FROM generate_series(1, ${CONFORMANCE_FIXTURE_ROWS}) g`,
]);

for (const options of sqlConformanceCases({ name: 'postgres', db })) testSource(options);
