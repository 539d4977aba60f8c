import type { SourceDefinition } from '@synap-etl/core';
import { SqlSource, sqlSourceConfigSchema } from '@synap-etl/sql-kit';
import { POSTGRES_DEFAULT_PORT, postgresDialect } from './postgres-dialect.js';

export const postgresConfigSchema = sqlSourceConfigSchema({
  product: 'PostgreSQL',
  defaultPort: POSTGRES_DEFAULT_PORT,
  urlExample: 'postgres://app@db.internal:5432/app?sslmode=verify-full',
});

/**
 * Reads a PostgreSQL table or query in cursor order, by keyset pagination. Data values: timestamptz →
 * ISO-8601 UTC string with the exact instant (microseconds kept, e.g. `2024-03-10T07:30:00.123456Z`);
 * timestamp → the same, read in `timezone`; date, time, interval → the server's text; bigint, numeric →
 * strings; json/jsonb → objects; uuid → string; bytea → per `binary`.
 */
export const postgresSource: SourceDefinition<typeof postgresConfigSchema> = {
  type: 'postgres',
  description:
    'PostgreSQL table or query, read in cursor order with keyset pagination; resumable, streaming, exact timestamps.',
  configSchema: postgresConfigSchema,
  examples: [
    {
      title: 'A table, resumable on (created_at, id)',
      config: { connection: '${PG_URL}', table: 'conversations', cursor: ['created_at', 'id'] },
    },
    {
      title: 'A query over a join, from a date on, naive timestamps in Paris time',
      config: {
        connection: { host: 'db.internal', user: 'etl', password: '${PG_PASSWORD}', database: 'app', ssl: true },
        query:
          'SELECT m.id, m.created_at, m.body, c.user_id FROM messages m JOIN conversations c ON c.id = m.conversation_id',
        cursor: ['created_at', 'id'],
        since: '2024-01-01',
        timezone: 'Europe/Paris',
      },
    },
  ],
  create(config, context) {
    return new SqlSource(postgresDialect, config, context);
  },
};
