import { MongoClient } from 'mongodb';
import type { MongoClientOptions, ReadPreferenceMode } from 'mongodb';
import { SourceConnectError, errorMessage } from '@synap-etl/core';
import { INVALID_URI, adviseOnConnect, redactMongo } from './mongo-errors.js';

/** Makes the driver client; injectable so tests can observe or replace it. */
export type MongoClientFactory = (uri: string, options: MongoClientOptions) => MongoClient;

export const defaultClientFactory: MongoClientFactory = (uri, options) => new MongoClient(uri, options);

/** `etl validate` should answer in seconds, not the driver's default 30 s, when a host is wrong. */
const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 15_000;

export interface ConnectTarget {
  uri: string;
  database: string;
  collection: string;
  readPreference: ReadPreferenceMode;
}

/**
 * Connects, authenticates and checks that the collection exists, failing fast with the uri's password redacted.
 * The caller owns the returned client.
 */
export async function connectMongo(target: ConnectTarget, createClient: MongoClientFactory): Promise<MongoClient> {
  const where = `MongoDB ${redactMongo(target.uri, target.uri)}`;
  const fail = (error: unknown, advice = adviseOnConnect(error)): SourceConnectError => {
    return new SourceConnectError(
      redactMongo(`cannot connect to ${where}: ${advice.reason} (${errorMessage(error)})`, target.uri),
      { hint: advice.hint, cause: error },
    );
  };

  const options: MongoClientOptions = { readPreference: target.readPreference, appName: 'synap-etl' };
  if (!/[?&]serverSelectionTimeoutMS=/i.test(target.uri)) options.serverSelectionTimeoutMS = DEFAULT_SERVER_SELECTION_TIMEOUT_MS;

  let client: MongoClient;
  try {
    client = createClient(target.uri, options);
  } catch (error) {
    // The driver only parses the uri here; whatever it throws (MongoParseError, or a MongoRuntimeError wrapping a
    // URL error) means the string itself is wrong.
    throw fail(error, INVALID_URI);
  }
  try {
    await client.connect();
    const found = await client
      .db(target.database)
      .listCollections({ name: target.collection }, { nameOnly: true, authorizedCollections: true })
      .toArray();
    if (found.length === 0) {
      throw new SourceConnectError(`collection "${target.collection}" not found in database "${target.database}" of ${where}`, {
        hint: 'check `database` and `collection` (names are case-sensitive)',
      });
    }
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error instanceof SourceConnectError ? error : fail(error);
  }
}
