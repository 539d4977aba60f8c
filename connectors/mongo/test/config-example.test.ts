import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ObjectId } from 'mongodb';
import { buildStages, compileMapping, interpolateEnv, transformsConfigSchema } from '@synap-etl/core';
import type { MapResult } from '@synap-etl/core';
import { MongoSource, mongoSourceConfigSchema } from '../src/index.js';
import { workItems } from './helpers/read-all.js';
import { seededCollection } from './helpers/seeded-collection.js';

const EXAMPLE = fileURLToPath(new URL('../../../config/mongo-conversations.yaml', import.meta.url));
const MAX_TURNS = 40;

type CreateMemoryRequest = Extract<MapResult, { ok: true }>['request'];

interface Conversation {
  _id: ObjectId;
  user_id: string;
  created_at: Date;
  messages: Array<{ role: string; content: string; sent_at: Date }>;
}

/** 240 conversations of 1 to 95 turns; some from before 2023 (filtered out), some with system prompts (left out). */
function makeConversations(): Conversation[] {
  return Array.from({ length: 240 }, (_, c) => {
    const created = Date.UTC(c % 10 === 0 ? 2022 : 2024, c % 12, 1 + (c % 28), 10);
    const messages = Array.from({ length: 1 + ((c * 37) % 95) }, (_m, m) => ({
      role: m % 2 ? 'assistant' : 'user',
      content: `turn ${m} of conversation ${c}`,
      sent_at: new Date(created + (m + 1) * 30_000),
    }));
    if (c % 5 === 0) messages.unshift({ role: 'system', content: 'be brief', sent_at: new Date(created) });
    return { _id: new ObjectId(), user_id: `user-${c % 9}`, created_at: new Date(created), messages };
  });
}

function expectedRequests(list: Conversation[]): Array<Partial<CreateMemoryRequest>> {
  const from = Date.UTC(2023, 0, 1);
  return list
    .filter((c) => c.created_at.getTime() >= from)
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()))
    .flatMap((c) => {
      const turns = c.messages.filter((m) => m.role !== 'system');
      const windows = Array.from({ length: Math.ceil(turns.length / MAX_TURNS) }, (_w, w) => turns.slice(w * MAX_TURNS, (w + 1) * MAX_TURNS));
      return windows.map((window, w) => ({
        document: window.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`).join('\n'),
        document_type: 'ai-chat-conversation' as const,
        document_id: `backfill:${c._id.toHexString()}:${w}`,
        document_created_at: window[0]!.sent_at.toISOString(),
        user_id: c.user_id,
        mode: 'long-range' as const,
        metadata: { conversation_id: c._id.toHexString(), window: w, source: 'backfill' },
      }));
    });
}

const seeded = seededCollection('conversations', makeConversations);

describe('config/mongo-conversations.yaml', () => {
  it('turns a conversations collection with messages arrays into the expected Synap requests', async () => {
    const raw = parse(await readFile(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const { value: document } = interpolateEnv(raw, { MONGO_URL: seeded().mongo.uri });
    const { type, ...sourceOptions } = document.source as Record<string, unknown>;
    expect(type).toBe('mongo');
    // Everything as written in the example, except the database: each test gets its own.
    const config = mongoSourceConfigSchema.parse({ ...sourceOptions, database: seeded().db.databaseName });
    const stages = buildStages(transformsConfigSchema.parse({ unwind: document.unwind }));
    const mapper = compileMapping(document.mapping as never, { pipeline: document.pipeline as string });

    const source = new MongoSource(config);
    await source.open();
    const requests: CreateMemoryRequest[] = [];
    try {
      for (const item of await workItems(source, stages)) {
        const result = mapper.map(item);
        if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
        requests.push(result.request);
      }
    } finally {
      await source.close();
    }
    const expected = expectedRequests(seeded().documents);
    expect(expected.length).toBeGreaterThan(seeded().documents.length);
    expect(requests).toEqual(expected);
  });

  it('is a valid source config with its default uri when MONGO_URL is unset', async () => {
    const raw = parse(await readFile(EXAMPLE, 'utf8')) as { source: Record<string, unknown> };
    const { value } = interpolateEnv(raw, {});
    expect(mongoSourceConfigSchema.safeParse((({ type: _type, ...rest }) => rest)(value.source)).success).toBe(true);
  });
});
