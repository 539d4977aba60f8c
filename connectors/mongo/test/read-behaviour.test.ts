import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import type { CommandStartedEvent, Db, MongoClientOptions } from 'mongodb';
import { SourceConnectError, SourceReadError } from '@synap-etl/core';
import { MongoSource } from '../src/index.js';
import type { MongoClientFactory } from '../src/index.js';
import { realMongoUrl, startTestMongo } from './helpers/test-mongo.js';
import type { TestMongo } from './helpers/test-mongo.js';
import { seedMessages, sourceConfig } from './helpers/fixtures.js';
import { readAll } from './helpers/read-all.js';

let mongo: TestMongo;
let db: Db;

beforeAll(async () => {
  mongo = await startTestMongo();
  db = await mongo.createDatabase();
  await seedMessages(db, 5000);
});

afterAll(async () => {
  await mongo?.stop();
});

/** A client factory that records the options it was given and every command the driver sends. */
function observedClients(): { factory: MongoClientFactory; commands: string[]; options: MongoClientOptions[] } {
  const commands: string[] = [];
  const options: MongoClientOptions[] = [];
  const factory: MongoClientFactory = (uri, given) => {
    options.push(given);
    const client = new MongoClient(uri, { ...given, monitorCommands: true });
    client.on('commandStarted', (event: CommandStartedEvent) => commands.push(event.commandName));
    return client;
  };
  return { factory, commands, options };
}

/** Server-side close events lag the client's close a little; wait until the count holds still. */
async function settledConnectionCount(): Promise<number> {
  let previous = -1;
  for (let i = 0; i < 40; i++) {
    const current = mongo.connectionCount()!;
    if (current === previous) return current;
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server connection count never settled');
}

const countOf = (commands: string[], name: string) => commands.filter((command) => command === name).length;

describe('mongo source behaviour', () => {
  it('pulls one batch at a time: no getMore before the consumer needs it', async () => {
    const observed = observedClients();
    const source = new MongoSource(sourceConfig(mongo.uri, db, { batch_size: 100 }), { createClient: observed.factory });
    await source.open();
    try {
      const iterator = source.read()[Symbol.asyncIterator]();
      for (let i = 0; i < 150; i++) expect((await iterator.next()).done).toBe(false);
      expect(countOf(observed.commands, 'find')).toBe(1);
      expect(countOf(observed.commands, 'getMore')).toBe(1);
      for (let i = 0; i < 100; i++) await iterator.next();
      expect(countOf(observed.commands, 'getMore')).toBe(2);
      await iterator.return?.();
      // Stopping early kills the server cursor rather than leaving it to time out.
      expect(countOf(observed.commands, 'killCursors')).toBe(1);
    } finally {
      await source.close();
    }
  });

  it('passes the read preference and a short server selection timeout to the driver', async () => {
    const observed = observedClients();
    const uri = mongo.uri.replace(/[?&]serverSelectionTimeoutMS=\d+/i, '');
    const source = new MongoSource(sourceConfig(uri, db, { read_preference: 'secondaryPreferred' }), { createClient: observed.factory });
    await source.open();
    await source.close();
    expect(observed.options[0]).toMatchObject({ readPreference: 'secondaryPreferred', serverSelectionTimeoutMS: 15_000 });
  });

  it('stops promptly when aborted, without an error', async () => {
    const source = new MongoSource(sourceConfig(mongo.uri, db, { batch_size: 50 }));
    await source.open();
    try {
      const controller = new AbortController();
      let seen = 0;
      const started = Date.now();
      for await (const _item of source.read({ signal: controller.signal })) {
        if (++seen === 120) controller.abort();
      }
      expect(seen).toBe(120);
      expect(Date.now() - started).toBeLessThan(5000);
      // The source is still usable after an aborted read.
      expect(await readAll(source)).toHaveLength(5000);
    } finally {
      await source.close();
    }
  });

  it.skipIf(!!realMongoUrl)('releases its server connections on close (CongoDB only: counts connections server-side)', async () => {
    const before = await settledConnectionCount();
    const source = new MongoSource(sourceConfig(mongo.uri, db));
    await source.open();
    await readAll(source);
    expect(mongo.connectionCount()).toBeGreaterThan(before);
    await source.close();
    expect(await settledConnectionCount()).toBe(before);
  });

  it('refuses an array in a cursor field, keeping the last good position', async () => {
    const arrays = await mongo.createDatabase();
    await arrays.collection('messages').insertMany([{ seq: 1 }, { seq: 2 }, { seq: [3, 4] }]);
    const source = new MongoSource(sourceConfig(mongo.uri, arrays, { cursor: ['seq', '_id'] }));
    await source.open();
    try {
      const seen: unknown[] = [];
      const error = await (async () => {
        for await (const item of source.read()) seen.push(item.position);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceReadError);
      expect(seen).toHaveLength(2);
      expect((error as SourceReadError).lastPosition).toEqual(seen[1]);
    } finally {
      await source.close();
    }
  });

  it('fails open() when the collection does not exist', async () => {
    const source = new MongoSource(sourceConfig(mongo.uri, db, { collection: 'mesages' }));
    const error = await source.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceConnectError);
    expect((error as SourceConnectError).message).toMatch(/collection "mesages" not found/);
    await source.close();
  });

  it('refuses to read before open()', async () => {
    const source = new MongoSource(sourceConfig(mongo.uri, db));
    await expect(readAll(source)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
