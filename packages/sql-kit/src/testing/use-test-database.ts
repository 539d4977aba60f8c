import { afterAll, beforeAll } from 'vitest';
import { SqlTestDatabase } from './sql-test-database.js';
import type { TestServer } from './sql-test-database.js';

/**
 * Registers hooks in the calling test file (or describe block): before its tests, a fresh database with
 * `setup`'s statements run in order; after them, the database dropped. Returns a getter for use in tests.
 */
export function useTestDatabase(
  server: TestServer,
  label: string,
  setup: () => readonly string[] | Promise<readonly string[]>,
): () => SqlTestDatabase {
  let db: SqlTestDatabase | undefined;

  beforeAll(async () => {
    db = await SqlTestDatabase.create(server, label);
    for (const statement of await setup()) await db.query(statement);
  });

  afterAll(async () => {
    await db?.drop();
  });

  return () => {
    if (!db) throw new Error(`the ${label} test database is used before its beforeAll hook ran`);
    return db;
  };
}
