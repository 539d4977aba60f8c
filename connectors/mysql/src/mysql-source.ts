import type { SourceDefinition } from '@synap-etl/core';
import { SqlSource, sqlSourceConfigSchema } from '@synap-etl/sql-kit';
import { MYSQL_DEFAULT_PORT, mysqlDialect } from './mysql-dialect.js';

export const mysqlConfigSchema = sqlSourceConfigSchema({
  product: 'MySQL or MariaDB',
  defaultPort: MYSQL_DEFAULT_PORT,
  urlExample: 'mysql://app@db.internal:3306/app',
});

/**
 * Reads a MySQL or MariaDB table or query in cursor order, by keyset pagination. Data values: DATETIME →
 * ISO-8601 UTC string read in `timezone`, fractional seconds kept; TIMESTAMP → ISO-8601 UTC string of its
 * instant; DATE, TIME → the server's text; BIGINT, DECIMAL → strings; JSON → objects (also MariaDB's JSON
 * alias); text in utf8mb4 as written; BLOB/BINARY/VARBINARY → per `binary`.
 */
export const mysqlSource: SourceDefinition<typeof mysqlConfigSchema> = {
  type: 'mysql',
  description:
    'MySQL or MariaDB table or query, read in cursor order with keyset pagination; resumable, streaming, exact timestamps.',
  configSchema: mysqlConfigSchema,
  examples: [
    {
      title: 'A table, resumable on (created_at, id)',
      config: { connection: '${MYSQL_URL}', table: 'conversations', cursor: ['created_at', 'id'] },
    },
    {
      title: 'DATETIME columns written in Berlin time, over TLS with a private CA',
      config: {
        connection: {
          host: 'db.internal',
          user: 'etl',
          password: '${MYSQL_PASSWORD}',
          database: 'app',
          ssl: { ca_file: 'certs/db-ca.pem' },
        },
        table: 'messages',
        columns: ['id', 'created_at', 'body', 'user_id'],
        where: 'deleted_at IS NULL',
        cursor: ['created_at', 'id'],
        timezone: 'Europe/Berlin',
      },
    },
  ],
  create(config, context) {
    return new SqlSource(mysqlDialect, config, context);
  },
};
