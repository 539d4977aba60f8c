import { testSource } from '@synap-etl/connector-kit';
import { CONFORMANCE_FIXTURE_ROWS, sqlConformanceCases, useTestDatabase } from '@synap-etl/sql-kit/testing';
import { mysqlTestServer } from './mysql-test-database.js';

// Duplicate timestamps so resume points fall inside runs of equal first-column values; one BLOB row so an
// invalid record travels through too.
const db = useTestDatabase(mysqlTestServer, 'conformance', () => [
  `CREATE TABLE conversations (
     id BIGINT PRIMARY KEY, created_at DATETIME(6) NOT NULL, body TEXT, attachment BLOB, KEY (created_at, id)
   )`,
  `INSERT INTO conversations
   SELECT seq, TIMESTAMPADD(SECOND, seq DIV 3, '2024-02-01 10:00:00.000001'), CONCAT('turn ', seq),
          IF(seq = 17, x'deadbeef', NULL)
   FROM seq_1_to_${CONFORMANCE_FIXTURE_ROWS}`,
]);

for (const options of sqlConformanceCases({ name: 'mysql', db })) testSource(options);
