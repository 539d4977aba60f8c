import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import type { Db, Document } from 'mongodb';
import { MongoSource } from '../src/index.js';
import { realMongoUrl, startTestMongo } from './helpers/test-mongo.js';
import type { TestMongo } from './helpers/test-mongo.js';
import { sourceConfig } from './helpers/fixtures.js';
import { readAll } from './helpers/read-all.js';

/**
 * Cursor values beyond ObjectIds: string and document _ids, and fields whose type varies between documents.
 * CongoDB requires ObjectId _ids and sorts mixed types in the wrong order, so those cases need MONGO_URL.
 */
let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startTestMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

async function seeded(docs: Document[]): Promise<Db> {
  const db = await mongo.createDatabase();
  await db.collection('messages').insertMany(docs);
  return db;
}

/** Reads everything, then resumes after every `step`-th record and checks the remainder is exactly the rest. */
async function expectOrderAndResume(db: Db, cursor: string | string[], expectedKeys: string[], step: number): Promise<void> {
  const source = new MongoSource(sourceConfig(mongo.uri, db, { cursor, batch_size: 97 }));
  await source.open();
  try {
    const all = await readAll(source);
    expect(all.map((item) => item.key)).toEqual(expectedKeys);
    for (let cut = 0; cut < all.length; cut += step) {
      const saved = JSON.parse(JSON.stringify(all[cut]!.position));
      const rest = await readAll(source, { after: saved });
      expect(rest.map((item) => item.key), `after #${cut}`).toEqual(expectedKeys.slice(cut + 1));
    }
  } finally {
    await source.close();
  }
}

/**
 * Two documents per value in field `rank`, expected in MongoDB order: null and missing, then numbers by value, then
 * strings by their bytes; ties broken by _id. Then checks reading and resuming with cursor [rank, _id].
 */
async function expectMixedOrder(values: unknown[], step: number): Promise<void> {
  const docs = values.flatMap((value) => [0, 1].map(() => ({ _id: new ObjectId(), ...(value === undefined ? {} : { rank: value }) })));
  const db = await seeded(docs);
  const order = (value: unknown): [number, number | string] => {
    if (value === null || value === undefined) return [0, 0];
    if (typeof value === 'string') return [2, value];
    return [1, Number(String(value))];
  };
  const sorted = [...docs].sort((a, b) => {
    const [ta, va] = order(a.rank);
    const [tb, vb] = order(b.rank);
    if (ta !== tb) return ta - tb;
    if (va !== vb) return va < vb ? -1 : 1;
    return a._id.toHexString() < b._id.toHexString() ? -1 : 1;
  });
  const rankKey = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    return String(value).replaceAll('%', '%25').replaceAll(':', '%3A');
  };
  await expectOrderAndResume(db, ['rank', '_id'], sorted.map((doc) => `${rankKey(doc.rank)}:${doc._id.toHexString()}`), step);
}

describe('cursor values of other types', () => {
  it('orders and resumes from null to numbers to strings, where $gt alone would stop at the type boundary', async () => {
    const values: unknown[] = ['b', 'a', 'ab', 'c', null, 3, -1, 2.5, new Int32(7), new Double(-0.5)];
    await expectMixedOrder(values, 2);
  });

  it.skipIf(!realMongoUrl)(
    'orders and resumes over missing values, numbers of every width and binary-ordered strings (real MongoDB only: CongoDB sorts missing before null, and strings by locale among numbers)',
    async () => {
      const values: unknown[] = ['b', 'a', 'a:b', '', 'Z', null, undefined, 3, -1, 2.5, new Int32(7), new Double(-0.5),
        Long.fromString('9007199254740993'), Decimal128.fromString('4.25'), '10', 'é'];
      await expectMixedOrder(values, 3);
    },
  );

  it.skipIf(!realMongoUrl)('orders and resumes over string _ids (real MongoDB only: CongoDB requires ObjectId _ids)', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `conv-${(i * 7919) % 1000}:${i % 3}`);
    const db = await seeded(ids.map((_id, i) => ({ _id: _id as unknown as ObjectId, i })));
    await expectOrderAndResume(db, '_id', [...ids].sort(), 37);
  });

  it.skipIf(!realMongoUrl)('orders and resumes over compound document _ids (real MongoDB only: CongoDB requires ObjectId _ids)', async () => {
    const ids = Array.from({ length: 240 }, (_, i) => ({ tenant: `t${i % 4}`, n: (i * 31) % 240 }));
    const db = await seeded(ids.map((_id) => ({ _id: _id as unknown as ObjectId })));
    const sorted = [...ids].sort((a, b) => a.tenant.localeCompare(b.tenant) || a.n - b.n);
    await expectOrderAndResume(db, '_id', sorted.map((id) => JSON.stringify(id)), 29);
  });

  it.skipIf(!realMongoUrl)('orders and resumes across every type bracket of a mixed-type field (real MongoDB only: CongoDB sorts mixed types wrongly)', async () => {
    const oid = new ObjectId('65a000000000000000000001');
    // In MongoDB's comparison order: null/missing < numbers < strings < objects < ObjectId < booleans < dates.
    const bracketed: unknown[][] = [
      [null, undefined],
      [-5, 1.5, Long.fromNumber(2), Decimal128.fromString('3.5')],
      ['', 'a', 'b'],
      [{ a: 1 }, { a: 2 }],
      [oid],
      [false, true],
      [new Date(0), new Date(1_700_000_000_000)],
    ];
    const docs: Document[] = [];
    const expectedKeys: string[] = [];
    for (const bracket of [...bracketed].reverse()) {
      for (const value of [...bracket].reverse()) docs.push({ _id: new ObjectId(), ...(value === undefined ? {} : { v: value }) });
    }
    const db = await seeded(docs);
    const source = new MongoSource(sourceConfig(mongo.uri, db, { cursor: ['v', '_id'] }));
    await source.open();
    const all = await readAll(source).finally(() => source.close());
    // Expected: bracket order, then value order within a bracket, null and missing sorting together by _id.
    const byId = new Map(all.map((item) => [item.key.split(':').at(-1)!, item.key]));
    const nulls = docs.filter((doc) => doc.v === undefined || doc.v === null).map((doc) => doc._id.toHexString()).sort();
    expectedKeys.push(...nulls.map((id) => byId.get(id)!));
    for (const bracket of bracketed.slice(1)) {
      for (const value of bracket) expectedKeys.push(byId.get(docs.find((doc) => doc.v === value)!._id.toHexString())!);
    }
    await expectOrderAndResume(db, ['v', '_id'], expectedKeys, 1);
  });
});
