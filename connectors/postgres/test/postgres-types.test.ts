import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '@synap-etl/connector-kit';
import { isInvalidRecord } from '@synap-etl/core';
import type { InvalidRecord } from '@synap-etl/core';
import { dataOf, itReadsNaiveTimestamps, readTable, restoreMachineZoneAfterEach } from '@synap-etl/sql-kit/testing';
import type { SqlTestDatabase } from '@synap-etl/sql-kit/testing';
import { createPgTestDatabase } from './pg-test-database.js';

let db: SqlTestDatabase;

/** Postgres's own rendering of an instant, the oracle for the connector's ISO strings. */
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

beforeAll(async () => {
  db = await createPgTestDatabase('types');
  await db.query(`
    CREATE TABLE typed (
      id int PRIMARY KEY,
      at timestamptz, naive timestamp, day date,
      big bigint, exact numeric, small int, flag boolean,
      doc jsonb, plain_json json, uid uuid, body text, blob bytea, instants timestamptz[]
    )`);
});

afterAll(async () => {
  await db?.drop();
});

restoreMachineZoneAfterEach();

describe('postgres source: exact types', () => {
  it('carries timestamptz to the same instant with microseconds, whatever the offset or the machine zone', async () => {
    await db.query(`CREATE TABLE instants (id int PRIMARY KEY, at timestamptz NOT NULL)`);
    await db.query(`INSERT INTO instants VALUES
      (1, '2024-03-10 02:30:00.123456-05'), (2, '1999-12-31 23:59:59.999999+05:30'),
      (3, '2024-06-01 12:00:00+00'), (4, '1901-01-01 00:00:00.5 Europe/Amsterdam')`);
    process.env.TZ = 'Asia/Kolkata';
    const items = await readTable(db, 'instants');
    const oracle = await db.query<{ iso: string }>(`SELECT to_char(at AT TIME ZONE 'UTC', ${ISO_UTC}) AS iso FROM instants ORDER BY id`);
    expect(items.map((item) => dataOf(item).at)).toStrictEqual(oracle.map((row) => row.iso));
    expect(dataOf(items[0]).at).toBe('2024-03-10T07:30:00.123456Z');
  });

  itReadsNaiveTimestamps({
    label: 'naive timestamps',
    db: () => db,
    createTableSql: `CREATE TABLE wallclock (id int PRIMARY KEY, naive timestamp NOT NULL)`,
    async oracle() {
      const rows = await db.query<{ iso: string }>(
        `SELECT to_char((naive AT TIME ZONE 'America/New_York') AT TIME ZONE 'UTC', ${ISO_UTC}) AS iso FROM wallclock ORDER BY id`,
      );
      return rows.map((row) => row.iso);
    },
  });

  it('resumes exactly between timestamps one microsecond apart', async () => {
    await db.query(`CREATE TABLE micro (id int, at timestamptz PRIMARY KEY)`);
    await db.query(`INSERT INTO micro SELECT g, timestamptz '2024-01-01 00:00:00Z' + g * interval '1 microsecond' FROM generate_series(1, 5) g`);
    const source = db.source({ table: 'micro', cursor: 'at', page_size: 2 });
    await source.open();
    try {
      const all = await collect(source);
      expect(all.map((item) => dataOf(item).id)).toStrictEqual([1, 2, 3, 4, 5]);
      const rest = await collect(source, { after: JSON.parse(JSON.stringify(all[1]?.position)) });
      expect(rest.map((item) => dataOf(item).id)).toStrictEqual([3, 4, 5]);
    } finally {
      await source.close();
    }
  });

  it('turns bigint and numeric into exact strings, json into objects, uuid into a string', async () => {
    await db.query(
      `INSERT INTO typed (id, day, big, exact, small, flag, doc, plain_json, uid, instants) VALUES
       (1, '2024-02-29', 9007199254740993, 12345678901234567890.123456789, 7, true,
        '{"nested": {"list": [1, "two", null]}, "n": 1.5}', '[1, {"a": "b"}]', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        ARRAY['2024-01-01 00:00:00.000001+00', '2024-01-01 01:00:00+01']::timestamptz[])`,
    );
    const data = dataOf((await readTable(db, 'typed'))[0]);
    expect(data.big).toBe('9007199254740993');
    expect(data.exact).toBe('12345678901234567890.123456789');
    expect(data.small).toBe(7);
    expect(data.flag).toBe(true);
    expect(data.day).toBe('2024-02-29');
    expect(data.doc).toStrictEqual({ nested: { list: [1, 'two', null] }, n: 1.5 });
    expect(data.plain_json).toStrictEqual([1, { a: 'b' }]);
    expect(data.uid).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(data.instants).toStrictEqual(['2024-01-01T00:00:00.000001Z', '2024-01-01T00:00:00.000000Z']);
  });

  it('gives NULL columns as null', async () => {
    await db.query(`INSERT INTO typed (id) VALUES (2)`);
    const data = dataOf((await readTable(db, 'typed'))[1]);
    const { id, ...rest } = data;
    expect(id).toBe(2);
    expect(Object.keys(rest).length).toBe(13);
    for (const [column, value] of Object.entries(rest)) expect(value, column).toBeNull();
  });

  it('keeps 4-byte UTF-8 and a 1 MB text intact', async () => {
    const emoji = 'chat 😀 𝄞 𠜎 👩‍💻 end';
    const large = '𝄞 a line of conversation, é ü ß\n'.repeat(32_768);
    expect(Buffer.byteLength(large)).toBeGreaterThan(1_000_000);
    await db.query(`INSERT INTO typed (id, body) VALUES (3, $1), (4, $2)`, [emoji, large]);
    const items = await readTable(db, 'typed', { page_size: 1 });
    expect(dataOf(items[2]).body).toBe(emoji);
    expect(dataOf(items[3]).body).toBe(large);
  });

  it('rejects rows holding binary data, naming the column, unless told how to encode it', async () => {
    await db.query(`INSERT INTO typed (id, blob) VALUES (5, '\\x00ff10')`);
    const rejected = (await readTable(db, 'typed')).find((item) => item.key === 'id=5') as InvalidRecord;
    expect(isInvalidRecord(rejected)).toBe(true);
    expect(rejected.invalid.field).toBe('blob');
    expect(rejected.invalid.message).toMatch(/"blob".*bytea/);
    expect(rejected.position).toStrictEqual({ id: 5 });

    const bytes = Buffer.from([0x00, 0xff, 0x10]);
    const asBase64 = (await readTable(db, 'typed', { binary: 'base64' })).find((item) => item.key === 'id=5');
    expect(dataOf(asBase64).blob).toBe(bytes.toString('base64'));
    const asHex = (await readTable(db, 'typed', { binary: 'hex' })).find((item) => item.key === 'id=5');
    expect(dataOf(asHex).blob).toBe('00ff10');
  });
});
