import { describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { groupSchema, groupStage, unwindSchema, unwindStage } from '@synap-etl/core';
import { MongoSource, mongoSourceConfigSchema } from '../src/index.js';
import { keysAfter, readAll, records, workItems } from './helpers/read-all.js';
import { seededCollection } from './helpers/seeded-collection.js';

interface Message {
  role: 'user' | 'assistant' | 'system';
  content: string;
  sent_at: Date;
}

interface Conversation {
  _id: ObjectId;
  user_id: string;
  messages: Message[];
}

const CONVERSATIONS = 1000;

/** Conversations of 1 to 9 messages; every seventh opens with a system prompt, which transcripts leave out. */
function makeConversations(): Conversation[] {
  const out: Conversation[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const messages: Message[] = [];
    const start = Date.UTC(2024, 2, 1) + c * 60_000;
    if (c % 7 === 0) messages.push({ role: 'system', content: 'You are helpful.', sent_at: new Date(start) });
    for (let m = 0; m < 1 + (c % 9); m++) {
      const role = m % 2 === 0 ? 'user' : 'assistant';
      messages.push({ role, content: `${role} says ${c}.${m}`, sent_at: new Date(start + (m + 1) * 1000) });
    }
    out.push({ _id: new ObjectId(), user_id: `user-${c % 17}`, messages });
  }
  return out;
}

function expectedTranscript(conversation: Conversation): string {
  return conversation.messages
    .filter((message) => message.role !== 'system')
    .map((message) => `${message.role === 'user' ? 'User' : 'Assistant'}: ${message.content}`)
    .join('\n');
}

const seeded = seededCollection('conversations', makeConversations);
/** Where the seeded collection lives, as source options. */
const connection = () => ({ uri: seeded().mongo.uri, database: seeded().db.databaseName, collection: 'conversations' });

const UNWIND_PIPELINE = [
  { $unwind: { path: '$messages', includeArrayIndex: 'message_index' } },
  {
    $project: {
      user_id: 1,
      message_index: 1,
      role: '$messages.role',
      content: '$messages.content',
      sent_at: '$messages.sent_at',
    },
  },
];

function unwoundSource(): MongoSource {
  return new MongoSource(
    mongoSourceConfigSchema.parse({
      ...connection(),
      pipeline: UNWIND_PIPELINE,
      cursor: ['_id', 'message_index'],
      batch_size: 400,
    }),
  );
}

describe('a messages-array collection', () => {
  it('unwinds with an aggregation $unwind into one record per message keyed <_id>:<index>, in order', async () => {
    const conversations = seeded().documents;
    const source = unwoundSource();
    await source.open();
    try {
      const expectedKeys = conversations.flatMap((c) => c.messages.map((_m, i) => `${c._id.toHexString()}:${i}`));
      const items = records(await readAll(source));
      expect(items.map((item) => item.key)).toEqual(expectedKeys);
      const third = conversations[2]!;
      const firstOfThird = items.find((item) => item.key === `${third._id.toHexString()}:0`)!;
      expect(firstOfThird.data).toMatchObject({
        _id: third._id.toHexString(),
        user_id: third.user_id,
        role: third.messages[0]!.role,
        content: third.messages[0]!.content,
        sent_at: third.messages[0]!.sent_at.toISOString(),
      });
      expect(await source.count()).toEqual({ value: expectedKeys.length, exact: true });

      // Resume inside a conversation: the next message of the same conversation comes first.
      const cut = expectedKeys.indexOf(`${conversations[500]!._id.toHexString()}:1`);
      expect(cut).toBeGreaterThan(0);
      expect(await keysAfter(source, JSON.parse(JSON.stringify(items[cut]!.position)))).toEqual(expectedKeys.slice(cut + 1));
      expect(await source.count({ after: items[cut]!.position })).toEqual({ value: expectedKeys.length - cut - 1, exact: true });
    } finally {
      await source.close();
    }
  });

  it('becomes the expected transcripts when the unwound messages are grouped by conversation (core group stage)', async () => {
    const conversations = seeded().documents;
    const source = unwoundSource();
    await source.open();
    try {
      const group = groupStage(groupSchema.parse({ by: '_id', role: 'role', text: 'content', time: 'sent_at' }));
      const docs = await workItems(source, [group]);
      expect(docs.map((doc) => doc.data.transcript)).toEqual(conversations.map(expectedTranscript));
      expect(docs[3]!.data).toMatchObject({ user_id: conversations[3]!.user_id, created_at: conversations[3]!.messages[0]!.sent_at.toISOString() });
    } finally {
      await source.close();
    }
  });

  it('becomes the expected transcripts, one per conversation document, with the core unwind stage', async () => {
    const conversations = seeded().documents;
    const source = new MongoSource(
      mongoSourceConfigSchema.parse({ ...connection(), batch_size: 300 }),
    );
    await source.open();
    try {
      const unwind = unwindStage(unwindSchema.parse({ field: 'messages', role: 'role', text: 'content', time: 'sent_at' }));
      const docs = await workItems(source, [unwind]);
      expect(docs.map((doc) => doc.key)).toEqual(conversations.map((c) => `${c._id.toHexString()}:0`));
      expect(docs.map((doc) => doc.data.transcript)).toEqual(conversations.map(expectedTranscript));

      // A resumed run picks up at the next conversation with the same ids.
      const resumed = await workItems(source, [unwind], docs[799]!.sources[0]!.position);
      expect(resumed.map((doc) => doc.key)).toEqual(docs.slice(800).map((doc) => doc.key));
    } finally {
      await source.close();
    }
  });
});
