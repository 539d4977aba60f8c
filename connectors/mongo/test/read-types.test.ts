import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, Decimal128, Int32, Long, ObjectId, UUID } from 'mongodb';
import { isInvalidRecord } from '@synap-etl/core';
import type { SourceRecord } from '@synap-etl/core';
import { MongoSource } from '../src/index.js';
import { realMongoUrl, startTestMongo } from './helpers/test-mongo.js';
import type { TestMongo } from './helpers/test-mongo.js';
import { sourceConfig } from './helpers/fixtures.js';
import { readAll } from './helpers/read-all.js';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startTestMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

async function readBack(doc: Record<string, unknown>): Promise<SourceRecord> {
  const db = await mongo.createDatabase();
  await db.collection('messages').insertOne(doc);
  const source = new MongoSource(sourceConfig(mongo.uri, db));
  await source.open();
  try {
    const [item, ...rest] = await readAll(source);
    expect(rest).toEqual([]);
    if (!item || isInvalidRecord(item)) throw new Error(`expected one record, got ${JSON.stringify(item)}`);
    return item;
  } finally {
    await source.close();
  }
}

describe('mongo source types over the wire', () => {
  it('turns every supported BSON type into its plain value', async () => {
    const id = new ObjectId();
    const uuid = new UUID();
    const record = await readBack({
      _id: id,
      sent_at: new Date(Date.UTC(2024, 4, 17, 8, 30, 0, 250)),
      cost: Decimal128.fromString('0.000123456789012345678901234567890'),
      tokens: Long.fromString('9223372036854775807'),
      negative: Long.fromString('-9007199254740993'),
      conversation_id: uuid,
      attachment: new Binary(Buffer.from([0, 1, 2, 250])),
      score: 2.5,
      turns: new Int32(12),
      flag: true,
      missing: null,
      title: 'Résumé ✓',
      meta: { source: 'app', nested: { at: new Date(0), ids: [new ObjectId('65a0a0a0a0a0a0a0a0a0a0a0')] } },
      messages: [{ role: 'user', text: 'hi' }, { role: 'assistant', text: 'hello' }],
    });
    expect(record.key).toBe(id.toHexString());
    expect(record.data).toEqual({
      _id: id.toHexString(),
      sent_at: '2024-05-17T08:30:00.250Z',
      cost: '0.000123456789012345678901234567890',
      tokens: '9223372036854775807',
      negative: '-9007199254740993',
      conversation_id: uuid.toHexString(true),
      attachment: Buffer.from([0, 1, 2, 250]).toString('base64'),
      score: 2.5,
      turns: 12,
      flag: true,
      missing: null,
      title: 'Résumé ✓',
      meta: { source: 'app', nested: { at: '1970-01-01T00:00:00.000Z', ids: ['65a0a0a0a0a0a0a0a0a0a0a0'] } },
      messages: [{ role: 'user', text: 'hi' }, { role: 'assistant', text: 'hello' }],
    });
    // The record position keeps the exact ObjectId for the resume query.
    expect(record.position).toEqual([{ $oid: id.toHexString() }]);
  });

  it.skipIf(!realMongoUrl)('keeps a small Long a string (real MongoDB only: CongoDB stores small Longs as Int32)', async () => {
    const record = await readBack({ _id: new ObjectId(), small: Long.fromNumber(5) });
    expect(record.data.small).toBe('5');
  });
});
