import { fileURLToPath } from 'node:url';
import { describeExampleConfig } from '@synap-etl/sql-kit/testing';
import { pgTestServer } from './pg-test-database.js';

describeExampleConfig({
  server: pgTestServer,
  configDir: fileURLToPath(new URL('../../../config/', import.meta.url)),
  configFile: 'postgres-conversations.yaml',
  seedFile: 'sql/seed-conversations.sql',
  urlVariable: 'PG_URL',
  expectedRowsSql: `
    SELECT conversation_id::text, message_index, user_id, customer_id, user_text, assistant_text,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
    FROM conversations ORDER BY created_at, id`,
});
