import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { isInvalidRecord } from '@synap-etl/core';
import type { Position } from '@synap-etl/core';
import { MongoSource } from '../src/index.js';
import { startTestMongo } from './helpers/test-mongo.js';
import type { TestMongo } from './helpers/test-mongo.js';
import { byCreatedAtThenId, seedMessages, sourceConfig } from './helpers/fixtures.js';
import type { MessageDoc } from './helpers/fixtures.js';
import { keysAfter, readAll } from './helpers/read-all.js';

const COUNT = 6000;

let mongo: TestMongo;
let db: Db;
let docs: MessageDoc[];

beforeAll(async () => {
  mongo = await startTestMongo();
  db = await mongo.createDatabase();
  docs = await seedMessages(db, COUNT);
});

afterAll(async () => {
  await mongo?.stop();
});

async function withSource<T>(options: Record<string, unknown>, use: (source: MongoSource) => Promise<T>): Promise<T> {
  const source = new MongoSource(sourceConfig(mongo.uri, db, options));
  await source.open();
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

/** Indices inside runs of equal created_at, where a resume must rely on the _id tie-breaker. */
function middleOfTies(sorted: MessageDoc[], howMany: number): number[] {
  const found: number[] = [];
  for (let i = 1; i < sorted.length - 1 && found.length < howMany; i += Math.floor(sorted.length / (howMany * 2))) {
    let j = i;
    while (j < sorted.length - 1 && !(sorted[j - 1]!.created_at.getTime() === sorted[j]!.created_at.getTime() && sorted[j]!.created_at.getTime() === sorted[j + 1]!.created_at.getTime())) j++;
    if (j < sorted.length - 1) found.push(j);
  }
  return found;
}

describe(`mongo source reading order and resume`, () => {
  it(`reads all ${COUNT} documents once each, in _id order, across many batches`, async () => {
    const keys = await withSource({ batch_size: 250 }, (source) => keysAfter(source));
    const expected = docs.map((doc) => doc._id.toHexString()).sort();
    expect(keys).toEqual(expected);
    expect(new Set(keys).size).toBe(COUNT);
  });

  it('orders by [created_at, _id] and resumes strictly after positions inside runs of equal created_at', async () => {
    const sorted = [...docs].sort(byCreatedAtThenId);
    const expectedKeys = sorted.map((doc) => `${doc.created_at.toISOString().replaceAll(':', '%3A')}:${doc._id.toHexString()}`);
    await withSource({ cursor: ['created_at', '_id'], batch_size: 500 }, async (source) => {
      const all = await readAll(source);
      expect(all.map((item) => item.key)).toEqual(expectedKeys);
      const cuts = middleOfTies(sorted, 4);
      expect(cuts).toHaveLength(4);
      for (const cut of cuts) {
        // Stored positions pass through JSON (checkpoint files, SQLite).
        const saved = JSON.parse(JSON.stringify(all[cut]!.position)) as Position;
        const rest = await keysAfter(source, saved);
        expect(rest).toEqual(expectedKeys.slice(cut + 1));
      }
    });
  });

  it('resumes after the last record to nothing, and after the first to all but one', async () => {
    await withSource({ cursor: ['created_at', '_id'] }, async (source) => {
      const all = await readAll(source);
      expect(await keysAfter(source, all.at(-1)!.position)).toEqual([]);
      expect(await keysAfter(source, all[0]!.position)).toHaveLength(COUNT - 1);
    });
  });

  it('sees documents inserted after a checkpoint, and only those past it', async () => {
    const extra = await mongo.createDatabase();
    const seeded = await seedMessages(extra, 50);
    const source = new MongoSource(sourceConfig(mongo.uri, extra, {}));
    await source.open();
    try {
      const first = await readAll(source);
      const checkpoint = first.at(-1)!.position;
      const late = await extra.collection('messages').insertOne({ created_at: new Date(), text: 'late' });
      expect(await keysAfter(source, checkpoint)).toEqual([late.insertedId.toHexString()]);
      expect(first).toHaveLength(seeded.length);
    } finally {
      await source.close();
    }
  });

  it('applies an Extended JSON filter with an inclusion projection that keeps the cursor fields', async () => {
    const from = docs.map((doc) => doc.created_at).sort((a, b) => a.getTime() - b.getTime())[COUNT / 2]!;
    const filter = { created_at: { $gte: { $date: from.toISOString() } }, user_id: 'u3' };
    const expected = docs
      .filter((doc) => doc.created_at >= from && doc.user_id === 'u3')
      .sort(byCreatedAtThenId);
    await withSource({ filter, projection: { text: 1 }, cursor: ['created_at', '_id'] }, async (source) => {
      const items = await readAll(source);
      expect(items.map((item) => (isInvalidRecord(item) ? undefined : item.data))).toEqual(
        expected.map((doc) => ({ _id: doc._id.toHexString(), created_at: doc.created_at.toISOString(), text: doc.text })),
      );
      expect(await source.count()).toEqual({ value: expected.length, exact: true });
      expect(await source.count({ after: items[9]!.position })).toEqual({ value: expected.length - 10, exact: true });
    });
  });

  it('applies an exclusion projection', async () => {
    await withSource({ projection: { text: 0, user_id: 0 } }, async (source) => {
      const [first] = await readAll(source, {});
      expect(Object.keys(isInvalidRecord(first!) ? {} : first!.data).sort()).toEqual(['_id', 'created_at', 'seq']);
    });
  });

  it('estimates the count of a whole collection, and counts nothing when told not to', async () => {
    await withSource({}, async (source) => {
      expect(await source.count()).toEqual({ value: COUNT, exact: false });
    });
    await withSource({ count: 'exact' }, async (source) => {
      expect(await source.count()).toEqual({ value: COUNT, exact: true });
    });
    await withSource({ count: 'none' }, async (source) => {
      expect(await source.count()).toBeUndefined();
    });
  });

  it('refuses a cursor that is not unique instead of risking a skipped record on resume', async () => {
    await withSource({ cursor: 'created_at' }, async (source) => {
      const error = await readAll(source).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SOURCE_READ', hint: expect.stringMatching(/unique/) });
    });
  });
});
