import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidRecord } from '@synap-etl/core';
import type { InvalidRecord } from '@synap-etl/core';
import { dataOf, itReadsNaiveTimestamps, readTable, restoreMachineZoneAfterEach } from '@synap-etl/sql-kit/testing';
import type { SqlTestDatabase } from '@synap-etl/sql-kit/testing';
import { createMysqlTestDatabase } from './mysql-test-database.js';

let db: SqlTestDatabase;

beforeAll(async () => {
  db = await createMysqlTestDatabase('types');
  await db.query(`
    CREATE TABLE typed (
      id INT PRIMARY KEY,
      naive DATETIME(6), stamped TIMESTAMP(6) NULL, day DATE,
      big BIGINT, exact DECIMAL(38, 9), small INT, flag TINYINT(1),
      doc JSON, uid CHAR(36), body MEDIUMTEXT, blob_col BLOB, varbin VARBINARY(16)
    ) CHARACTER SET utf8mb4`);
});

afterAll(async () => {
  await db?.drop();
});

restoreMachineZoneAfterEach();

describe('mysql source: exact types', () => {
  itReadsNaiveTimestamps({
    label: 'DATETIME',
    db: () => db,
    createTableSql: `CREATE TABLE wallclock (id INT PRIMARY KEY, naive DATETIME(6) NOT NULL)`,
  });

  it('reads TIMESTAMP as its instant, whatever the zone it was written in', async () => {
    await db.query(`SET time_zone = '+02:00'`);
    await db.query(`INSERT INTO typed (id, stamped) VALUES (1, '2024-03-10 09:30:00.123456')`);
    await db.query(`SET time_zone = SYSTEM`);
    const data = dataOf((await readTable(db, 'typed', { timezone: 'Asia/Tokyo' }))[0]);
    expect(data.stamped).toBe('2024-03-10T07:30:00.123456Z');
  });

  it('turns BIGINT and DECIMAL into exact strings and JSON into objects', async () => {
    await db.query(
      `INSERT INTO typed (id, day, big, exact, small, flag, doc, uid) VALUES
       (2, '2024-02-29', 9007199254740993, 12345678901234567890.123456789, 7, 1,
        '{"nested": {"list": [1, "two", null]}, "n": 1.5}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`,
    );
    const data = dataOf((await readTable(db, 'typed'))[1]);
    expect(data.big).toBe('9007199254740993');
    expect(data.exact).toBe('12345678901234567890.123456789');
    expect(data.small).toBe(7);
    expect(data.flag).toBe(1);
    expect(data.day).toBe('2024-02-29');
    expect(data.doc).toStrictEqual({ nested: { list: [1, 'two', null] }, n: 1.5 });
    expect(data.uid).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });

  it('gives NULL columns as null', async () => {
    await db.query(`INSERT INTO typed (id) VALUES (3)`);
    const { id, ...rest } = dataOf((await readTable(db, 'typed'))[2]);
    expect(id).toBe(3);
    expect(Object.keys(rest).length).toBe(12);
    for (const [column, value] of Object.entries(rest)) expect(value, column).toBeNull();
  });

  it('keeps 4-byte UTF-8 (utf8mb4) and a 1 MB text intact', async () => {
    const emoji = 'chat 😀 𝄞 𠜎 👩‍💻 end';
    const large = '𝄞 a line of conversation, é ü ß\n'.repeat(32_768);
    expect(Buffer.byteLength(large)).toBeGreaterThan(1_000_000);
    await db.query(`INSERT INTO typed (id, body) VALUES (4, ?), (5, ?)`, [emoji, large]);
    const items = await readTable(db, 'typed', { page_size: 1 });
    expect(dataOf(items[3]).body).toBe(emoji);
    expect(dataOf(items[4]).body).toBe(large);
  });

  it('rejects rows holding binary data, naming the column, unless told how to encode it', async () => {
    await db.query(`INSERT INTO typed (id, blob_col, varbin) VALUES (6, x'00ff10', x'0102')`);
    const rejected = (await readTable(db, 'typed')).find((item) => item.key === 'id=6') as InvalidRecord;
    expect(isInvalidRecord(rejected)).toBe(true);
    expect(rejected.invalid.field).toBe('blob_col');
    expect(rejected.invalid.message).toMatch(/"blob_col".*BLOB/);
    expect(rejected.position).toStrictEqual({ id: 6 });

    const asBase64 = (await readTable(db, 'typed', { binary: 'base64' })).find((item) => item.key === 'id=6');
    expect(dataOf(asBase64).blob_col).toBe(Buffer.from([0x00, 0xff, 0x10]).toString('base64'));
    const asHex = (await readTable(db, 'typed', { binary: 'hex' })).find((item) => item.key === 'id=6');
    expect(dataOf(asHex).varbin).toBe('0102');
  });
});
