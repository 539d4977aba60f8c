import { afterAll, beforeAll } from 'vitest';
import type { Db } from 'mongodb';
import { startTestMongo } from './test-mongo.js';
import type { TestMongo } from './test-mongo.js';

/** The server, database and inserted documents of a test file. */
export interface SeededCollection<T> {
  mongo: TestMongo;
  db: Db;
  documents: T[];
}

/**
 * Registers this file's hooks: start the test server, give the file a database of its own, insert `make()`
 * into `collection`; afterwards drop it and stop the server. The returned function gives them inside tests.
 */
export function seededCollection<T extends object>(collection: string, make: () => T[]): () => SeededCollection<T> {
  let seeded: SeededCollection<T> | undefined;
  let mongo: TestMongo | undefined;

  beforeAll(async () => {
    mongo = await startTestMongo();
    const db = await mongo.createDatabase();
    const documents = make();
    await db.collection(collection).insertMany(documents);
    seeded = { mongo, db, documents };
  });
  afterAll(async () => {
    await mongo?.stop();
  });

  return () => {
    if (seeded === undefined) throw new Error(`the ${collection} collection is not seeded yet: use it inside tests`);
    return seeded;
  };
}
