import knex from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { countStatement, pageStatement } from '../src/keyset-query.js';
import type { ReadPlan } from '../src/keyset-query.js';

// Query builders without connections: only SQL generation is under test here; the connectors' tests run
// the same statements against real servers.
const pg = knex({ client: 'pg' });
const mysql = knex({ client: 'mysql2' });
afterAll(async () => {
  await pg.destroy();
  await mysql.destroy();
});

const plan: ReadPlan = { table: 'app.conversations', cursor: ['created_at', 'id'], keysetStyle: 'row' };

describe('keyset statements', () => {
  it('pages with a row comparison, bound values, and no OFFSET', () => {
    const { sql, bindings } = pageStatement(pg, plan, ['2024-01-01T00:00:00.000001Z', '42'], 500);
    expect(sql).toBe(
      'select * from "app"."conversations" where "created_at" is not null and "id" is not null and ("created_at", "id") > ($1, $2) order by "created_at" asc, "id" asc limit $3',
    );
    expect(bindings).toStrictEqual(['2024-01-01T00:00:00.000001Z', '42', 500]);
    expect(sql).not.toMatch(/offset/i);
  });

  it('spells the order out for MySQL so the range on the first column uses an index', () => {
    const { sql, bindings } = pageStatement(mysql, { ...plan, table: 'conversations', keysetStyle: 'expanded' }, ['t', 7], 10);
    expect(sql).toBe(
      'select * from `conversations` where `created_at` is not null and `id` is not null and `created_at` >= ? and (`created_at` > ? or (`created_at` = ? and (`id` > ?))) order by `created_at` asc, `id` asc limit ?',
    );
    expect(bindings).toStrictEqual(['t', 't', 't', 7, 10]);
  });

  it('wraps a user query as a subquery and keeps its question marks', () => {
    const { sql, bindings } = pageStatement(
      pg,
      { query: "select * from t where doc ? 'k'", where: "note <> '?'", cursor: ['id'], keysetStyle: 'row', since: 5, until: 9 },
      [6],
      3,
    );
    expect(sql).toBe(
      `select * from (select * from t where doc ? 'k') as "src" where (note <> '?') and "id" is not null and "id" >= $1 and "id" < $2 and ("id" > $3) order by "id" asc limit $4`,
    );
    expect(bindings).toStrictEqual([5, 9, 6, 3]);
  });

  it('quotes identifiers so a column name cannot inject SQL', () => {
    const { sql } = pageStatement(pg, { table: 't', columns: ['a"; drop table t; --'], cursor: ['id'], keysetStyle: 'row' }, undefined, 1);
    expect(sql).toContain('"a""; drop table t; --"');
  });

  it('counts with the same filters', () => {
    const { sql, bindings } = countStatement(pg, { ...plan, where: 'deleted_at is null' }, ['x', '1']);
    expect(sql).toBe(
      'select count(*) as "n" from "app"."conversations" where (deleted_at is null) and "created_at" is not null and "id" is not null and ("created_at", "id") > ($1, $2)',
    );
    expect(bindings).toStrictEqual(['x', '1']);
  });
});
