import type { Knex } from 'knex';
import type { CursorValues } from './cursor-position.js';

/**
 * SQL for keyset pagination. Identifiers are quoted by knex, values are always bound parameters; only the
 * trusted `where` and `query` texts are inserted as written.
 *
 * `row` style compares row values, `(a, b) > (?, ?)`, which Postgres serves from an index on (a, b).
 * `expanded` spells the same order out, `a >= ? AND (a > ? OR (a = ? AND b > ?))`, which MySQL and MariaDB
 * turn into an index range on `a`.
 */
export type KeysetStyle = 'row' | 'expanded';

export interface ReadPlan {
  cursor: readonly string[];
  table?: string;
  query?: string;
  columns?: readonly string[];
  where?: string;
  since?: string | number;
  until?: string | number;
  keysetStyle: KeysetStyle;
}

export interface SqlStatement {
  sql: string;
  bindings: readonly unknown[];
}

/** knex reads `?` as a placeholder even in raw text; user SQL (jsonb `?` operators, literals) must keep it. */
function escapePlaceholders(sql: string): string {
  return sql.replace(/\?/g, '\\?');
}

function selectable(knex: Knex, plan: ReadPlan): Knex.QueryBuilder {
  if (plan.query !== undefined) {
    return knex.queryBuilder().from(knex.raw(`(${escapePlaceholders(plan.query)}) as ??`, ['src']));
  }
  return knex.queryBuilder().from(plan.table as string);
}

function strictlyAfter(builder: Knex.QueryBuilder, columns: readonly string[], values: CursorValues): void {
  const [column, ...restColumns] = columns as [string, ...string[]];
  const [value, ...restValues] = values;
  if (restColumns.length === 0) {
    builder.where(column, '>', value as Knex.Value);
    return;
  }
  builder
    .where(column, '>', value as Knex.Value)
    .orWhere((inner) => inner.where(column, '=', value as Knex.Value).andWhere((deeper) => strictlyAfter(deeper, restColumns, restValues)));
}

function applyKeyset(knex: Knex, builder: Knex.QueryBuilder, plan: ReadPlan, after: CursorValues): void {
  const columns = plan.cursor;
  if (columns.length === 1 || plan.keysetStyle === 'expanded') {
    if (columns.length > 1) builder.where(columns[0] as string, '>=', after[0] as Knex.Value);
    builder.andWhere((inner) => strictlyAfter(inner, columns, after));
    return;
  }
  const placeholders = (count: number, mark: string) => Array.from({ length: count }, () => mark).join(', ');
  builder.andWhere(
    knex.raw(`(${placeholders(columns.length, '??')}) > (${placeholders(after.length, '?')})`, [
      ...columns,
      ...(after as Knex.Value[]),
    ]),
  );
}

/** FROM and WHERE shared by the page, count and estimate statements. */
function filtered(knex: Knex, plan: ReadPlan, after: CursorValues | undefined): Knex.QueryBuilder {
  const builder = selectable(knex, plan);
  if (plan.where !== undefined) builder.whereRaw(`(${escapePlaceholders(plan.where)})`);
  for (const column of plan.cursor) builder.whereNotNull(column);
  const first = plan.cursor[0] as string;
  if (plan.since !== undefined) builder.where(first, '>=', plan.since);
  if (plan.until !== undefined) builder.where(first, '<', plan.until);
  if (after !== undefined) applyKeyset(knex, builder, plan, after);
  return builder;
}

function selectedColumns(plan: ReadPlan): string[] | undefined {
  if (!plan.columns) return undefined;
  return [...plan.columns, ...plan.cursor.filter((column) => !plan.columns?.includes(column))];
}

function native(builder: Knex.QueryBuilder): SqlStatement {
  const { sql, bindings } = builder.toSQL().toNative();
  return { sql, bindings };
}

/** The next page: rows strictly after `after`, in cursor order. */
export function pageStatement(knex: Knex, plan: ReadPlan, after: CursorValues | undefined, limit: number): SqlStatement {
  const builder = filtered(knex, plan, after);
  const columns = selectedColumns(plan);
  builder.select(columns ?? '*');
  builder.orderBy(plan.cursor.map((column) => ({ column, order: 'asc' as const })));
  builder.limit(limit);
  return native(builder);
}

/** The rows a read would yield, for the planner's estimate (no ORDER BY, no LIMIT). */
export function estimateStatement(knex: Knex, plan: ReadPlan, after: CursorValues | undefined): SqlStatement {
  return native(filtered(knex, plan, after).select('*'));
}

export function countStatement(knex: Knex, plan: ReadPlan, after: CursorValues | undefined): SqlStatement {
  return native(filtered(knex, plan, after).count({ n: '*' }));
}
