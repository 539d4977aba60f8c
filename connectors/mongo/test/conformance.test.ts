import { afterAll, beforeAll } from 'vitest';
import { MongoClient } from 'mongodb';
import type { CommandStartedEvent, Db } from 'mongodb';
import { testSource } from '@synap-etl/connector-kit';
import { MongoSource } from '../src/index.js';
import type { MongoClientFactory } from '../src/index.js';
import { realMongoUrl, startCongo, startTestMongo } from './helpers/test-mongo.js';
import type { TestMongo } from './helpers/test-mongo.js';
import { seedMessages, sourceConfig } from './helpers/fixtures.js';
import type { MessageDoc } from './helpers/fixtures.js';

const MESSAGES = 2000;
const CONVERSATIONS = 200;
const BATCH = 100;

let mongo: TestMongo;
let db: Db;
let docs: MessageDoc[];
const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => ({
  user_id: `u${c % 11}`,
  messages: Array.from({ length: 1 + (c % 8) }, (_m, m) => ({ role: m % 2 ? 'assistant' : 'user', content: `${c}.${m}` })),
}));
const messagesInConversations = conversations.reduce((sum, c) => sum + c.messages.length, 0);

beforeAll(async () => {
  mongo = await startTestMongo();
  db = await mongo.createDatabase();
  docs = await seedMessages(db, MESSAGES);
  await db.collection('conversations').insertMany(conversations);
});

afterAll(async () => {
  await mongo?.stop();
});

/**
 * A source over its own CongoDB holding the same documents, whose server is stopped while the driver asks for
 * the third batch: the read fails after two batches with a real network error, not a simulated one.
 */
async function failingSource(): Promise<{ source: MongoSource; failsAfter: number; recovered: () => MongoSource }> {
  // A short server selection timeout: the stopped server is not coming back.
  const congo = await startCongo(300);
  const seeder = new MongoClient(congo.uri);
  await seeder.db('chat').collection('messages').insertMany(docs.map((doc) => ({ ...doc })));
  await seeder.close();
  let getMores = 0;
  const createClient: MongoClientFactory = (uri, options) => {
    const client = new MongoClient(uri, { ...options, monitorCommands: true });
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName === 'getMore' && ++getMores === 2) void congo.server.stop();
    });
    return client;
  };
  const config = { cursor: ['created_at', '_id'], batch_size: BATCH };
  return {
    source: new MongoSource(sourceConfig(congo.uri, 'chat', config), { createClient }),
    failsAfter: 2 * BATCH,
    recovered: () => new MongoSource(sourceConfig(mongo.uri, db, config)),
  };
}

testSource({
  name: `mongo find, cursor [created_at, _id], ${MESSAGES} documents with equal created_at runs`,
  create: () => new MongoSource(sourceConfig(mongo.uri, db, { cursor: ['created_at', '_id'], batch_size: 250, count: 'exact' })),
  expectedCount: MESSAGES,
  ...(realMongoUrl ? {} : { createFailing: failingSource, resourcesInUse: async () => mongo.connectionCount() ?? 0 }),
});

testSource({
  name: `mongo aggregation $unwind of messages arrays, cursor [_id, message_index]`,
  create: () =>
    new MongoSource(
      sourceConfig(mongo.uri, db, {
        collection: 'conversations',
        pipeline: [{ $unwind: { path: '$messages', includeArrayIndex: 'message_index' } }],
        cursor: ['_id', 'message_index'],
        batch_size: 200,
      }),
    ),
  expectedCount: messagesInConversations,
});
