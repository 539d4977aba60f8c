import type { Knex } from 'knex';
import type { Logger } from '@synap-etl/core';
import type { SqlDialect } from './sql-dialect.js';

/**
 * Keyset pagination cannot place a NULL, so reads skip rows whose cursor columns are NULL. Say so at open
 * when a cursor column of the table allows NULL, rather than let rows go missing unnoticed.
 */
export async function warnAboutNullableCursor(
  knex: Knex,
  dialect: SqlDialect,
  connection: unknown,
  table: string,
  cursor: readonly string[],
  logger: Logger,
): Promise<void> {
  const dot = table.indexOf('.');
  const schema = dot === -1 ? undefined : table.slice(0, dot);
  const name = dot === -1 ? table : table.slice(dot + 1);
  const query = knex
    .queryBuilder()
    .select({ name: 'column_name', nullable: 'is_nullable' })
    .from('information_schema.columns')
    .where('table_name', name)
    .whereIn('column_name', [...cursor]);
  if (schema === undefined) query.whereRaw(`table_schema = ${dialect.currentSchemaSql}`);
  else query.where('table_schema', schema);
  const { sql, bindings } = query.toSQL().toNative();
  const { rows } = await dialect.execute(connection, { sql, bindings });
  const nullable = rows.filter((row) => String(row.nullable).toUpperCase() === 'YES').map((row) => String(row.name));
  if (nullable.length > 0) {
    logger.warn(
      `cursor column${nullable.length > 1 ? 's' : ''} ${nullable.join(', ')} of ${table} allow${nullable.length > 1 ? '' : 's'} NULL: rows where ${nullable.length > 1 ? 'they are' : 'it is'} NULL are not read`,
      { table, columns: nullable },
    );
  }
}
