import { fileURLToPath } from 'node:url';
import { describeExampleConfig } from '@synap-etl/sql-kit/testing';
import { mysqlTestServer } from './mysql-test-database.js';

describeExampleConfig({
  server: mysqlTestServer,
  configDir: fileURLToPath(new URL('../../../config/', import.meta.url)),
  configFile: 'mysql-conversations.yaml',
  seedFile: 'sql/seed-conversations.mysql.sql',
  urlVariable: 'MYSQL_URL',
  expectedRowsSql: `
    SELECT conversation_id, message_index, user_id, customer_id, user_text, assistant_text,
           DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS created_at
    FROM conversations ORDER BY created_at, id`,
});
