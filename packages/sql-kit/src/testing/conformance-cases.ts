import type { ConformanceOptions } from '@synap-etl/connector-kit';
import { killSessionsAfter } from './kill-sessions-after.js';
import type { SqlTestDatabase } from './sql-test-database.js';

/** Rows of the `conversations` conformance fixture. */
export const CONFORMANCE_FIXTURE_ROWS = 40;

export interface SqlConformanceHarness {
  /** Start of the case names: `postgres`. */
  name: string;
  /**
   * The database holding `conversations (id bigint key, created_at, body, attachment binary)` with
   * CONFORMANCE_FIXTURE_ROWS rows, duplicate created_at values, and one row whose attachment is binary.
   */
  db(): SqlTestDatabase;
}

/**
 * The two cases each SQL connector passes to `testSource`: a table on a composite cursor, with sessions killed
 * mid-read, and a query on a single-column cursor. Pages are small so every read crosses several boundaries.
 */
export function sqlConformanceCases({ name, db }: SqlConformanceHarness): ConformanceOptions[] {
  const options = { table: 'conversations', cursor: ['created_at', 'id'], page_size: 6 };
  return [
    {
      name: `${name} table with a composite cursor`,
      create: () => db().source(options),
      expectedCount: CONFORMANCE_FIXTURE_ROWS,
      resourcesInUse: () => db().connectorSessions(),
      abortLatencyMs: 1000,
      createFailing: async () => ({
        source: killSessionsAfter(db().source(options), 8, () => db().killConnectorSessions()),
        failsAfter: 8,
        recovered: () => db().source(options),
      }),
    },
    {
      name: `${name} query with a single-column cursor`,
      create: () =>
        db().source({ query: 'SELECT id, created_at, body FROM conversations WHERE id % 2 = 0', cursor: 'id', page_size: 4, count: 'exact' }),
      expectedCount: CONFORMANCE_FIXTURE_ROWS / 2,
      resourcesInUse: () => db().connectorSessions(),
      abortLatencyMs: 1000,
    },
  ];
}
