import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, identities, jsonRoundTrip } from '@synap-etl/connector-kit';
import { ConfigError, isInvalidRecord } from '@synap-etl/core';
import type { SourceItem, SourceRecord } from '@synap-etl/core';
import { PgTestDatabase } from './pg-test-database.js';

let db: PgTestDatabase;

const ROWS = 47;
// Rows come in groups of 5 sharing one created_at, and ids are inserted out of time order, so an order by
// id alone, or by created_at alone, would differ from the cursor order.
beforeAll(async () => {
  db = await PgTestDatabase.create('read');
  await db.query(`
    CREATE TABLE conversations (
      id bigint PRIMARY KEY,
      created_at timestamptz NOT NULL,
      topic text,
      body text,
      meta jsonb
    )`);
  await db.query(`
    INSERT INTO conversations (id, created_at, topic, body, meta)
    SELECT g * 7 % 101, timestamptz '2024-01-01 00:00:00.000001+00' + (g / 5) * interval '1 minute 0.000001 second',
           CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END, 'turn ' || g, jsonb_build_object('g', g)
    FROM generate_series(1, ${ROWS}) AS g`);
  // Rows with a NULL cursor value cannot be placed by keyset pagination; the source skips them.
  await db.query(`CREATE TABLE nullable_cursor (id int PRIMARY KEY, created_at timestamptz)`);
  await db.query(`INSERT INTO nullable_cursor VALUES (1, '2024-01-01Z'), (2, NULL), (3, '2024-01-02Z')`);
  await db.query(`CREATE TABLE not_unique (id int, created_at timestamptz NOT NULL)`);
  await db.query(`INSERT INTO not_unique VALUES (1, '2024-01-01Z'), (2, '2024-01-01Z'), (3, '2024-01-02Z')`);
});

afterAll(async () => {
  await db?.drop();
});

async function expectedOrder(where = 'true'): Promise<string[]> {
  const result = await db.query(`SELECT id::text AS id_text FROM conversations WHERE ${where} ORDER BY created_at, id`);
  return result.rows.map((row: { id_text: string }) => row.id_text);
}

function ids(items: SourceItem[]): string[] {
  return items.map((item) => String((item as SourceRecord).data.id));
}

async function readAll(options: Record<string, unknown>, after?: unknown): Promise<SourceItem[]> {
  const source = db.source(options);
  await source.open();
  try {
    return await collect(source, after === undefined ? {} : { after: after as never });
  } finally {
    await source.close();
  }
}

describe('postgres source: order and pagination', () => {
  it('reads every row in (created_at, id) order across many small pages', async () => {
    const items = await readAll({ table: 'conversations', cursor: ['created_at', 'id'], page_size: 4 });
    expect(ids(items)).toStrictEqual(await expectedOrder());
    expect(items.every((item) => !isInvalidRecord(item))).toBe(true);
  });

  it('gives positions of the cursor values, with microseconds, and keys naming them', async () => {
    const [first] = await readAll({ table: 'conversations', cursor: ['created_at', 'id'], page_size: 3 });
    const firstId = (await expectedOrder())[0];
    expect(first?.position).toStrictEqual({ created_at: '2024-01-01T00:00:00.000001Z', id: firstId });
    expect(first?.key).toBe(`created_at=2024-01-01T00:00:00.000001Z|id=${firstId}`);
  });

  it('resumes strictly after positions inside runs of equal timestamps: no gap, no overlap', async () => {
    const options = { table: 'conversations', cursor: ['created_at', 'id'], page_size: 4 };
    const all = await readAll(options);
    // Indexes 1..3 and 21..23 sit inside groups sharing one created_at.
    for (const index of [0, 1, 2, 3, 21, 22, 23, ROWS - 2]) {
      const stored = jsonRoundTrip(all[index]?.position);
      const rest = await readAll(options, stored);
      expect(identities(rest), `resume after item ${index}`).toStrictEqual(identities(all.slice(index + 1)));
    }
  });

  it('resumes on a single-column cursor too', async () => {
    const options = { table: 'conversations', cursor: 'id', page_size: 5 };
    const all = await readAll(options);
    const sorted = [...ids(all)].sort((a, b) => Number(a) - Number(b));
    expect(ids(all)).toStrictEqual(sorted);
    const rest = await readAll(options, all[10]?.position);
    expect(ids(rest)).toStrictEqual(sorted.slice(11));
  });

  it('applies where, since (inclusive) and until (exclusive) to the first cursor column', async () => {
    const items = await readAll({
      table: 'conversations',
      cursor: ['created_at', 'id'],
      where: "topic = 'even'",
      since: '2024-01-01 00:02:00',
      until: '2024-01-01T00:05:00.000005Z',
      page_size: 2,
    });
    const expected = await expectedOrder(
      "topic = 'even' AND created_at >= '2024-01-01 00:02:00+00' AND created_at < '2024-01-01T00:05:00.000005Z'",
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(ids(items)).toStrictEqual(expected);
  });

  it('reads a user query as a subquery, keeping ? operators of the query text intact', async () => {
    const items = await readAll({
      query: "SELECT id, created_at, meta->>'g' AS g FROM conversations WHERE meta ? 'g' AND topic = 'odd'",
      cursor: ['created_at', 'id'],
      page_size: 3,
    });
    expect(ids(items)).toStrictEqual(await expectedOrder("topic = 'odd'"));
    expect(Object.keys((items[0] as SourceRecord).data).sort()).toStrictEqual(['created_at', 'g', 'id']);
  });

  it('reads only the listed columns, plus the cursor columns', async () => {
    const [first] = await readAll({ table: 'conversations', columns: ['body'], cursor: ['created_at', 'id'] });
    expect(Object.keys((first as SourceRecord).data).sort()).toStrictEqual(['body', 'created_at', 'id']);
  });

  it('counts exactly, also after a position', async () => {
    const source = db.source({ table: 'conversations', cursor: ['created_at', 'id'], count: 'exact', where: "topic = 'odd'" });
    await source.open();
    try {
      const items = await collect(source);
      expect(await source.count?.()).toStrictEqual({ value: items.length, exact: true });
      expect(await source.count?.({ after: items[4]?.position })).toStrictEqual({ value: items.length - 5, exact: true });
    } finally {
      await source.close();
    }
  });

  it('asks the planner for the count of a big table, and says it is an estimate', async () => {
    await db.query(`CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 150000) g`);
    await db.query(`ANALYZE big`);
    const source = db.source({ table: 'big', cursor: 'id' });
    await source.open();
    try {
      const count = await source.count?.();
      expect(count?.exact).toBe(false);
      expect(count?.value).toBeGreaterThan(120_000);
      expect(count?.value).toBeLessThan(180_000);
    } finally {
      await source.close();
    }
  });

  it('skips rows whose cursor column is NULL and warns about the nullable column at open', async () => {
    const warnings: string[] = [];
    const source = db.source(
      { table: 'nullable_cursor', cursor: ['created_at', 'id'], page_size: 1 },
      { baseDir: '.', logger: { debug() {}, info() {}, error() {}, warn: (message) => warnings.push(message) } },
    );
    await source.open();
    try {
      expect(warnings.join('\n')).toMatch(/created_at.*NULL/);
      expect(ids(await collect(source))).toStrictEqual(['1', '3']);
    } finally {
      await source.close();
    }
  });

  it('refuses a cursor that is not unique instead of skipping rows on resume', async () => {
    await expect(readAll({ table: 'not_unique', cursor: 'created_at' })).rejects.toMatchObject({
      code: 'SOURCE_READ',
      message: expect.stringMatching(/not unique/),
    });
  });

  it('refuses a resume position written for another cursor', async () => {
    await expect(readAll({ table: 'conversations', cursor: ['created_at', 'id'] }, { id: '3' })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});
