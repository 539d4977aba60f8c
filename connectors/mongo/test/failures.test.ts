import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { SourceConnectError, SourceReadError } from '@synap-etl/core';
import type { Position, SourceItem } from '@synap-etl/core';
import { MongoSource } from '../src/index.js';
import { mongoSourceConfigSchema } from '../src/config-schema.js';
import { realMongoUrl, startCongo, startTestMongo } from './helpers/test-mongo.js';
import type { TestMongo } from './helpers/test-mongo.js';
import { seedMessages } from './helpers/fixtures.js';
import type { MessageDoc } from './helpers/fixtures.js';
import { keysAfter } from './helpers/read-all.js';

const PASSWORD = 's3cr@t-pw';
const ENCODED_PASSWORD = encodeURIComponent(PASSWORD);

function config(uri: string, database = 'chat', collection = 'messages') {
  return mongoSourceConfigSchema.parse({ uri, database, collection, batch_size: 200 });
}

async function openError(uri: string): Promise<SourceConnectError> {
  const source = new MongoSource(config(uri));
  try {
    await source.open();
  } catch (error) {
    return error as SourceConnectError;
  } finally {
    await source.close();
  }
  throw new Error('open() succeeded');
}

function expectRedacted(error: SourceConnectError): void {
  expect(error).toBeInstanceOf(SourceConnectError);
  expect(error.code).toBe('SOURCE_CONNECT');
  expect(error.hint).toBeTruthy();
  for (const text of [error.message, error.hint ?? '']) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENCODED_PASSWORD);
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function connectedClient(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri);
  await client.connect();
  return client;
}

async function seedCongo(docs: MessageDoc[], uri: string): Promise<void> {
  const client = await connectedClient(uri);
  try {
    await client.db('chat').collection('messages').insertMany(docs);
  } finally {
    await client.close();
  }
}

describe('mongo source failures', () => {
  let mongo: TestMongo;
  beforeAll(async () => {
    mongo = await startTestMongo();
  });
  afterAll(async () => {
    await mongo?.stop();
  });

  it.skipIf(!!realMongoUrl)('a server lost mid-read ends with an error that keeps the last position (CongoDB only: the test stops the server it started)', async () => {
    const first = await startCongo(300);
    const seeder = await connectedClient(first.uri);
    const docs = await seedMessages(seeder.db('chat'), 5000).finally(() => seeder.close());

    const source = new MongoSource(config(first.uri));
    await source.open();
    const seen: SourceItem[] = [];
    let failure: unknown;
    try {
      for await (const item of source.read()) {
        seen.push(item);
        if (seen.length === 1000) await first.server.stop();
      }
    } catch (error) {
      failure = error;
    } finally {
      await source.close();
    }
    expect(failure).toBeInstanceOf(SourceReadError);
    expect(failure).toMatchObject({ code: 'SOURCE_READ', hint: expect.stringMatching(/resumes after the last record/) });
    expect((failure as SourceReadError).message).toMatch(/connection to the server was lost/);
    expect(seen.length).toBeGreaterThanOrEqual(1000);
    expect(seen.length).toBeLessThan(docs.length);
    const lastPosition = (failure as SourceReadError).lastPosition as Position;
    expect(lastPosition).toEqual(seen.at(-1)!.position);

    // The server comes back with the same data: resuming from the error's position loses and repeats nothing.
    const second = await startCongo();
    try {
      await seedCongo(docs, second.uri);
      const resumedSource = new MongoSource(config(second.uri));
      await resumedSource.open();
      const rest = await keysAfter(resumedSource, lastPosition).finally(() => resumedSource.close());
      expect([...seen.map((item) => item.key), ...rest]).toEqual(docs.map((doc) => doc._id.toHexString()).sort());
    } finally {
      await second.server.stop();
    }
  });

  it('an invalid uri fails open() with the password redacted', async () => {
    const error = await openError(`mongodb://etl:${ENCODED_PASSWORD}@db.internal:notaport/chat`);
    expectRedacted(error);
    expect(error.message).toMatch(/connection string is invalid/);
    expect(error.message).toContain('etl:***@db.internal');
  });

  it('an unreachable server fails open() fast with the password redacted', async () => {
    const started = Date.now();
    const port = await closedPort();
    const error = await openError(`mongodb://etl:${ENCODED_PASSWORD}@127.0.0.1:${port}/?directConnection=true&serverSelectionTimeoutMS=500`);
    expectRedacted(error);
    expect(error.message).toMatch(/no server answered/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('credentials the server does not accept fail open() with the password redacted', async () => {
    const uri = mongo.uri.replace(/^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?/, `$1etl_nobody:${ENCODED_PASSWORD}@`);
    const error = await openError(uri);
    expectRedacted(error);
  });

  it.skipIf(!realMongoUrl)('wrong credentials are reported as an authentication failure (real MongoDB only: CongoDB has no authentication)', async () => {
    const uri = mongo.uri.replace(/^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?/, `$1etl_nobody:${ENCODED_PASSWORD}@`);
    const error = await openError(uri);
    expectRedacted(error);
    expect(error.message).toMatch(/authentication failed/);
    expect(error.hint).toMatch(/authSource/);
  });
});
