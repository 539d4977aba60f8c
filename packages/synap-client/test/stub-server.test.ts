import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SynapClient, SynapRequestError, SynapUnavailableError } from '../src/index.js';
import type { SynapError } from '../src/index.js';

// Behaviours the emulator cannot produce on purpose (a server that echoes secrets, hangs, or answers
// garbage), against a bare node:http server.

const API_KEY = 'sk_live_5up3r_s3cret_value';
const doc = { document: 'User: hi', document_id: 'd1' };

let server: Server | undefined;
let client: SynapClient | undefined;

afterEach(async () => {
  await client?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  client = undefined;
});

async function stub(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function newClient(baseUrl: string, extra: ConstructorParameters<typeof SynapClient>[0] = {}): SynapClient {
  client = new SynapClient({ baseUrl, apiKey: API_KEY, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }, ...extra }, {});
  return client;
}

async function failure(promise: Promise<unknown>): Promise<SynapError> {
  try {
    await promise;
  } catch (error) {
    return error as SynapError;
  }
  throw new Error('expected the call to fail');
}

function expectNoSecret(error: SynapError): void {
  const text = [error.message, error.hint, JSON.stringify((error as SynapRequestError).detail ?? null), String(error.stack)].join('\n');
  expect(text).not.toContain(API_KEY);
}

describe('SynapClient against misbehaving servers', () => {
  it('scrubs the API key from a detail that echoes the Authorization header', async () => {
    const url = await stub((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: `bad header ${req.headers.authorization} for key ${API_KEY}` }));
    });
    const error = await failure(newClient(url).batchCreate([doc]));
    expect(error).toBeInstanceOf(SynapRequestError);
    expect(error.message).toContain('bad header Bearer ***');
    expectNoSecret(error);
  });

  it('times out a hanging request and retries it, then reports SYNAP_UNAVAILABLE', async () => {
    let requests = 0;
    const url = await stub(() => {
      requests++; // never answers
    });
    const started = Date.now();
    const error = await failure(newClient(url, { timeoutMs: 150 }).batchCreate([doc]));
    expect(error).toBeInstanceOf(SynapUnavailableError);
    expect(error.message).toMatch(/timed out after 150 ms; gave up after 2 attempts/);
    expect(requests).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expectNoSecret(error);
  });

  it('retries a 2xx whose body is not a Synap response', async () => {
    let requests = 0;
    const url = await stub((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    });
    const error = await failure(newClient(url).batchCreate([doc]));
    expect(error.code).toBe('SYNAP_UNAVAILABLE');
    expect(error.message).toMatch(/unexpected body/);
    expect(requests).toBe(2);
  });

  it('reports a refused connection as SYNAP_UNAVAILABLE without the key', async () => {
    const url = await stub(() => undefined);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const error = await failure(newClient(url).batchCreate([doc]));
    expect(error.code).toBe('SYNAP_UNAVAILABLE');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.correlationIds).toHaveLength(2);
    expectNoSecret(error);
  });

  it('treats a 402 without numbers as insufficient credits with an unknown balance', async () => {
    const url = await stub((_req, res) => {
      res.writeHead(402, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: 'Payment required' }));
    });
    const error = await failure(newClient(url).batchCreate([doc]));
    expect(error.code).toBe('SYNAP_CREDITS');
    expect(error.message).toMatch(/unknown balance/);
  });
});
