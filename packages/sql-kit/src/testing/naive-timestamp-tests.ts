import { expect, it } from 'vitest';
import { dataOf, readTable } from './read-helpers.js';
import type { SqlTestDatabase } from './sql-test-database.js';

export interface NaiveTimestampHarness {
  /** How the tests name the type: `naive timestamps`, `DATETIME`. */
  label: string;
  db(): SqlTestDatabase;
  /** Creates `wallclock (id int key, naive <the dialect's timestamp without zone, microseconds> not null)`. */
  createTableSql: string;
  /** The server's own conversion of `wallclock.naive` read in America/New_York, as ISO-8601 UTC text, by id. */
  oracle?(): Promise<string[]>;
}

/** Wall-clock times around the 2024 New York DST changes, and the instants they stand for there. */
const WALL_CLOCK = [
  ['2024-03-10 01:30:00.000001', '2024-03-10T06:30:00.000001Z'],
  // 02:30 does not exist (clocks jump 02:00 EST → 03:00 EDT): read as if the clock had not moved, EST.
  ['2024-03-10 02:30:00', '2024-03-10T07:30:00.000000Z'],
  ['2024-03-10 03:30:00', '2024-03-10T07:30:00.000000Z'],
  ['2024-11-03 00:30:00', '2024-11-03T04:30:00.000000Z'],
  // 01:30 happens twice (clocks fall back 02:00 EDT → 01:00 EST): read as the second, EST.
  ['2024-11-03 01:30:00.25', '2024-11-03T06:30:00.250000Z'],
  ['2024-11-03 02:30:00', '2024-11-03T07:30:00.000000Z'],
] as const;

/**
 * Registers, in the caller's describe block, the tests on timestamps without a zone: read in the configured
 * zone across DST changes, as PostgreSQL converts them, or as UTC by default, never in the machine zone.
 * The caller restores `process.env.TZ` after each test (`restoreMachineZoneAfterEach`).
 */
export function itReadsNaiveTimestamps(harness: NaiveTimestampHarness): void {
  const { label } = harness;

  it(`reads ${label} in the configured zone across DST changes, never in the machine zone`, async () => {
    const db = harness.db();
    await db.query(harness.createTableSql);
    const values = WALL_CLOCK.map(([wall], index) => `(${index + 1}, '${wall}')`).join(', ');
    await db.query(`INSERT INTO wallclock VALUES ${values}`);
    process.env.TZ = 'Asia/Tokyo';
    const read = (await readTable(db, 'wallclock', { timezone: 'America/New_York' })).map((item) => dataOf(item).naive);
    expect(read).toStrictEqual(WALL_CLOCK.map(([, instant]) => instant));
    if (harness.oracle) expect(read).toStrictEqual(await harness.oracle());
  });

  it(`reads ${label} as UTC by default, whatever the machine zone`, async () => {
    process.env.TZ = 'America/Los_Angeles';
    const items = await readTable(harness.db(), 'wallclock');
    expect(dataOf(items[1]).naive).toBe('2024-03-10T02:30:00.000000Z');
  });
}
