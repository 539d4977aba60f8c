import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '@synap-etl/connector-kit';
import { isInvalidRecord } from '@synap-etl/core';
import type { InvalidRecord, SourceItem, SourceRecord } from '@synap-etl/core';
import { MysqlTestDatabase } from './mysql-test-database.js';

let db: MysqlTestDatabase;
const machineZone = process.env.TZ;

beforeAll(async () => {
  db = await MysqlTestDatabase.create('types');
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

afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

async function readTable(table: string, options: Record<string, unknown> = {}): Promise<SourceItem[]> {
  const source = db.source({ table, cursor: 'id', ...options });
  await source.open();
  try {
    return await collect(source);
  } finally {
    await source.close();
  }
}

function dataOf(item: SourceItem | undefined): Record<string, unknown> {
  expect(item && !isInvalidRecord(item), 'a decoded record').toBe(true);
  return (item as SourceRecord).data;
}

describe('mysql source: exact types', () => {
  it('reads DATETIME in the configured zone across DST changes, never in the machine zone', async () => {
    await db.query(`CREATE TABLE wallclock (id INT PRIMARY KEY, naive DATETIME(6) NOT NULL)`);
    await db.query(`INSERT INTO wallclock VALUES
      (1, '2024-03-10 01:30:00.000001'), (2, '2024-03-10 02:30:00'), (3, '2024-03-10 03:30:00'),
      (4, '2024-11-03 00:30:00'), (5, '2024-11-03 01:30:00.25'), (6, '2024-11-03 02:30:00')`);
    process.env.TZ = 'Asia/Tokyo';
    const items = await readTable('wallclock', { timezone: 'America/New_York' });
    // New York: EST is UTC-5, EDT is UTC-4. On 2024-03-10 clocks jump 02:00 EST → 03:00 EDT (02:30 does
    // not exist and is read as if the clock had not moved: EST); on 2024-11-03 they fall back 02:00 EDT →
    // 01:00 EST (01:30 happens twice and is read as the second, EST), as PostgreSQL converts them.
    expect(items.map((item) => dataOf(item).naive)).toStrictEqual([
      '2024-03-10T06:30:00.000001Z',
      '2024-03-10T07:30:00.000000Z',
      '2024-03-10T07:30:00.000000Z',
      '2024-11-03T04:30:00.000000Z',
      '2024-11-03T06:30:00.250000Z',
      '2024-11-03T07:30:00.000000Z',
    ]);
  });

  it('reads DATETIME as UTC by default, whatever the machine zone', async () => {
    process.env.TZ = 'America/Los_Angeles';
    const items = await readTable('wallclock');
    expect(dataOf(items[1]).naive).toBe('2024-03-10T02:30:00.000000Z');
  });

  it('reads TIMESTAMP as its instant, whatever the zone it was written in', async () => {
    await db.query(`SET time_zone = '+02:00'`);
    await db.query(`INSERT INTO typed (id, stamped) VALUES (1, '2024-03-10 09:30:00.123456')`);
    await db.query(`SET time_zone = SYSTEM`);
    const data = dataOf((await readTable('typed', { timezone: 'Asia/Tokyo' }))[0]);
    expect(data.stamped).toBe('2024-03-10T07:30:00.123456Z');
  });

  it('turns BIGINT and DECIMAL into exact strings and JSON into objects', async () => {
    await db.query(
      `INSERT INTO typed (id, day, big, exact, small, flag, doc, uid) VALUES
       (2, '2024-02-29', 9007199254740993, 12345678901234567890.123456789, 7, 1,
        '{"nested": {"list": [1, "two", null]}, "n": 1.5}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`,
    );
    const data = dataOf((await readTable('typed'))[1]);
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
    const { id, ...rest } = dataOf((await readTable('typed'))[2]);
    expect(id).toBe(3);
    expect(Object.keys(rest).length).toBe(12);
    for (const [column, value] of Object.entries(rest)) expect(value, column).toBeNull();
  });

  it('keeps 4-byte UTF-8 (utf8mb4) and a 1 MB text intact', async () => {
    const emoji = 'chat 😀 𝄞 𠜎 👩‍💻 end';
    const large = '𝄞 a line of conversation, é ü ß\n'.repeat(32_768);
    expect(Buffer.byteLength(large)).toBeGreaterThan(1_000_000);
    await db.query(`INSERT INTO typed (id, body) VALUES (4, ?), (5, ?)`, [emoji, large]);
    const items = await readTable('typed', { page_size: 1 });
    expect(dataOf(items[3]).body).toBe(emoji);
    expect(dataOf(items[4]).body).toBe(large);
  });

  it('rejects rows holding binary data, naming the column, unless told how to encode it', async () => {
    await db.query(`INSERT INTO typed (id, blob_col, varbin) VALUES (6, x'00ff10', x'0102')`);
    const rejected = (await readTable('typed')).find((item) => item.key === 'id=6') as InvalidRecord;
    expect(isInvalidRecord(rejected)).toBe(true);
    expect(rejected.invalid.field).toBe('blob_col');
    expect(rejected.invalid.message).toMatch(/"blob_col".*BLOB/);
    expect(rejected.position).toStrictEqual({ id: 6 });

    const asBase64 = (await readTable('typed', { binary: 'base64' })).find((item) => item.key === 'id=6');
    expect(dataOf(asBase64).blob_col).toBe(Buffer.from([0x00, 0xff, 0x10]).toString('base64'));
    const asHex = (await readTable('typed', { binary: 'hex' })).find((item) => item.key === 'id=6');
    expect(dataOf(asHex).varbin).toBe('0102');
  });
});
