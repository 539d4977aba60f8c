import { afterEach, expect } from 'vitest';
import { collect } from '@synap-etl/connector-kit';
import { isInvalidRecord } from '@synap-etl/core';
import type { Position, SourceContext, SourceItem, SourceRecord } from '@synap-etl/core';
import type { SqlTestDatabase } from './sql-test-database.js';

/** Opens a source from options, reads everything (after `after` when given), closes it. */
export async function readAll(
  db: SqlTestDatabase,
  options: Record<string, unknown>,
  after?: unknown,
  context?: SourceContext,
): Promise<SourceItem[]> {
  const source = db.source(options, context);
  await source.open();
  try {
    return await collect(source, after === undefined ? {} : { after: after as Position });
  } finally {
    await source.close();
  }
}

/** Reads a whole table on its `id` column. */
export function readTable(db: SqlTestDatabase, table: string, options: Record<string, unknown> = {}): Promise<SourceItem[]> {
  return readAll(db, { table, cursor: 'id', ...options });
}

/** The record's data; fails the test when the item is missing or invalid. */
export function dataOf(item: SourceItem | undefined): Record<string, unknown> {
  expect(item && !isInvalidRecord(item), 'a decoded record').toBe(true);
  return (item as SourceRecord).data;
}

/** The `id` of each record, as text. */
export function ids(items: readonly SourceItem[]): string[] {
  return items.map((item) => String((item as SourceRecord).data.id));
}

/** Tests that move `process.env.TZ` get the machine zone back after each test. */
export function restoreMachineZoneAfterEach(): void {
  const machineZone = process.env.TZ;
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });
}
