import type { AddressInfo, Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

/**
 * The server the connector tests run against: a real MongoDB when MONGO_URL is set, otherwise CongoDB, the
 * wire-protocol server in TypeScript from @push.rocks/smartmongo, started in-process on a free port.
 */
export interface TestMongo {
  kind: 'mongodb' | 'congodb';
  /** Connection string for the source under test. */
  uri: string;
  /** A client for seeding and checking data. */
  client: MongoClient;
  /** A database with a unique name, dropped by `stop()`. */
  createDatabase(): Promise<Db>;
  /** Open server-side connections (CongoDB only), to check that a source released its sockets. */
  connectionCount(): number | undefined;
  /** Drops the test databases, closes the seeding client and stops an in-process server. */
  stop(): Promise<void>;
}

export const realMongoUrl = process.env.MONGO_URL;

/**
 * CongoDB needs poll-mode monitoring (with the default streaming mode a parallel cursor stalls after ~10 s) and a
 * direct connection (it is no replica set). Short server selection makes a stopped server fail fast.
 */
function congoUri(port: number, serverSelectionTimeoutMS: number): string {
  return `mongodb://127.0.0.1:${port}/?directConnection=true&serverMonitoringMode=poll&serverSelectionTimeoutMS=${serverSelectionTimeoutMS}`;
}

function withDefaultTimeout(url: string): string {
  if (/[?&]serverSelectionTimeoutMS=/i.test(url)) return url;
  const separator = url.includes('?') ? '&' : url.replace(/^mongodb(\+srv)?:\/\//, '').includes('/') ? '?' : '/?';
  return `${url}${separator}serverSelectionTimeoutMS=5000`;
}

/**
 * Starts CongoDB on a free port. `stop()` ends it; stopping it mid-read simulates a lost server, and a short
 * `serverSelectionTimeoutMS` makes the driver give up on it quickly.
 */
export async function startCongo(serverSelectionTimeoutMS = 2000): Promise<{ server: CongoServer; uri: string }> {
  const server = new CongoServer({ port: 0 });
  await server.start();
  // CongoServer reports the configured port (0); the bound one is on its net.Server.
  const listener = (server as unknown as { server: Server | null }).server;
  const address = listener?.address() as AddressInfo | null | undefined;
  if (!address) throw new Error('CongoDB did not report a listening address');
  return { server, uri: congoUri(address.port, serverSelectionTimeoutMS) };
}

export async function startTestMongo(): Promise<TestMongo> {
  let congo: CongoServer | undefined;
  let uri: string;
  if (realMongoUrl) {
    uri = withDefaultTimeout(realMongoUrl);
  } else {
    const started = await startCongo();
    congo = started.server;
    uri = started.uri;
  }
  const client = new MongoClient(uri);
  await client.connect();
  const databases: Db[] = [];
  return {
    kind: congo ? 'congodb' : 'mongodb',
    uri,
    client,
    async createDatabase() {
      const db = client.db(`etl_test_${randomBytes(6).toString('hex')}`);
      databases.push(db);
      return db;
    },
    connectionCount: () => congo?.getConnectionCount(),
    async stop() {
      for (const db of databases) await db.dropDatabase().catch(() => undefined);
      await client.close();
      await congo?.stop();
    },
  };
}
