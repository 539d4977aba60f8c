import { describe, expect, it } from 'vitest';
import { DUPLICATE_MESSAGE, batchCreateResponseSchema, createMemoryResponseSchema } from '@synap-etl/synap-client';
import { API_KEY, client, docs, emulator, failure } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ItemJson {
  status: string;
  document_id: string | null;
  ingestion_id: string | null;
  error_message: string | null;
}
interface ReplyJson {
  detail?: unknown;
  results: ItemJson[];
  [field: string]: unknown;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: ReplyJson }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ReplyJson };
}

describe('emulator endpoints', () => {
  it('answers the documented BatchCreateResponse shape, with uuid ids and ISO times', async () => {
    const emu = await emulator();
    const { status, body } = await post(`${emu.url}/api/v1/memories/batch`, { documents: docs(2) });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['batch_id', 'failed', 'results', 'succeeded', 'total']);
    const parsed = batchCreateResponseSchema.parse(body);
    expect(parsed.batch_id).toMatch(UUID);
    for (const result of parsed.results) {
      expect(Object.keys(result).sort()).toEqual(['document_id', 'error_message', 'ingestion_id', 'queued_at', 'status']);
      expect(result.ingestion_id).toMatch(UUID);
      expect(new Date(result.queued_at!).toISOString()).toBe(result.queued_at);
    }
  });

  it('accepts exactly 100 documents and rejects 101 or none with 422', async () => {
    const emu = await emulator();
    const url = `${emu.url}/api/v1/memories/batch`;
    expect((await post(url, { documents: docs(101) })).status).toBe(422);
    expect((await post(url, { documents: docs(101) })).body.detail).toMatch(/at most 100/);
    expect((await post(url, { documents: [] })).status).toBe(422);
    expect(emu.store.count()).toBe(0);
    const ok = await post(url, { documents: docs(100) });
    expect(ok.status).toBe(200);
    expect(ok.body.succeeded).toBe(100);
  });

  it('the client refuses more than 100 documents before sending', async () => {
    const emu = await emulator();
    const error = await failure(client(emu).client.batchCreate(docs(101)));
    expect(error.code).toBe('SYNAP_REQUEST');
    expect(error.hint).toMatch(/at most 100/);
    expect(emu.stats().requests).toEqual({});
  });

  it('turns each invalid document into a failed item naming the field when fail_fast is false', async () => {
    const emu = await emulator();
    const documents = [
      docs(1)[0],
      { document: 'User: x', document_id: 'bad-type', document_type: 'tweet' },
      { document: 'User: x', document_id: 'bad-extra', colour: 'red' },
      { document_id: 'no-document' },
    ];
    const { status, body } = await post(`${emu.url}/api/v1/memories/batch`, { documents, fail_fast: false });
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 4, succeeded: 1, failed: 3 });
    const [, badType, extra, missing] = body.results as [ItemJson, ItemJson, ItemJson, ItemJson];
    expect(badType).toMatchObject({ status: 'failed', document_id: 'bad-type', ingestion_id: null });
    expect(badType.error_message).toMatch(/^document_type:/);
    expect(extra.error_message).toMatch(/^colour:/);
    expect(missing.error_message).toMatch(/^document:/);
    expect(emu.store.count()).toBe(1);
  });

  it('rejects a document_id stored by an earlier batch as a duplicate', async () => {
    const emu = await emulator();
    const url = `${emu.url}/api/v1/memories/batch`;
    await post(url, { documents: docs(2) });
    const { body } = await post(url, { documents: docs(3) });
    expect(body.results.map((r) => r.status)).toEqual(['failed', 'failed', 'queued']);
    expect(body.results[0]?.error_message).toContain(DUPLICATE_MESSAGE);
    expect(emu.store.count()).toBe(3);
  });

  it('single create: 200 with a CreateMemoryResponse, 409 on a duplicate, 422 on invalid input', async () => {
    const emu = await emulator();
    const url = `${emu.url}/api/v1/memories/create`;
    const created = await post(url, { document: 'User: hello', document_id: 'one' });
    expect(created.status).toBe(200);
    expect(createMemoryResponseSchema.parse(created.body).status).toBe('queued');
    const again = await post(url, { document: 'User: hello', document_id: 'one' });
    expect(again.status).toBe(409);
    expect((again.body.detail as { message: string }).message).toContain(DUPLICATE_MESSAGE);
    expect((await post(url, { document: 42 })).status).toBe(422);
    const viaClient = await client(emu).client.create({ document: 'User: hello', document_id: 'one' });
    expect(viaClient.status).toBe('already_present');
  });

  it('B2B: user_id without customer_id is a failed item in a batch and a 400 on create', async () => {
    const emu = await emulator({ b2b: true });
    const scoped = { document: 'User: hi', document_id: 's', user_id: 'u1', customer_id: 'c1' };
    const unscoped = { document: 'User: hi', document_id: 'u', user_id: 'u1' };
    const { body } = await post(`${emu.url}/api/v1/memories/batch`, { documents: [scoped, unscoped] });
    expect(body.results[0]?.status).toBe('queued');
    expect(body.results[1]?.error_message).toMatch(/^customer_id:/);
    expect((await post(`${emu.url}/api/v1/memories/create`, unscoped)).status).toBe(400);
  });

  it('413 for a body over the limit, after reading it', async () => {
    const emu = await emulator({ maxBodyBytes: 2000 });
    const big = [{ document: `User: ${'x'.repeat(5000)}`, document_id: 'big' }];
    const { status, body } = await post(`${emu.url}/api/v1/memories/batch`, { documents: big });
    expect(status).toBe(413);
    expect(body.detail).toMatch(/2000 bytes/);
    const error = await failure(client(emu).client.batchCreate(big));
    expect(error).toMatchObject({ code: 'SYNAP_REQUEST', status: 413 });
    expect(emu.store.count()).toBe(0);
  });

  it('422 for a body that is not JSON', async () => {
    const emu = await emulator();
    const { status, body } = await post(`${emu.url}/api/v1/memories/batch`, '{"documents": [');
    expect(status).toBe(422);
    expect(body.detail).toMatch(/invalid JSON/);
  });

  it('reports ingestion status by id, and 404 for an unknown one', async () => {
    const emu = await emulator();
    const synap = client(emu).client;
    const { response } = await synap.batchCreate(docs(3));
    const id = response.results[2]!.ingestion_id!;
    const status = await synap.status(id);
    expect(status).toMatchObject({ ingestion_id: id, document_id: 'doc-2', status: 'completed' });
    const missing = await failure(synap.status('00000000-0000-4000-8000-000000000000'));
    expect(missing).toMatchObject({ code: 'SYNAP_REQUEST', status: 404 });
  });

  it('serves /health without auth, and memory endpoints only with the key', async () => {
    const emu = await emulator();
    expect((await fetch(`${emu.url}/health`)).status).toBe(200);
    const anonymous = await post(`${emu.url}/api/v1/memories/batch`, { documents: docs(1) }, { authorization: '' });
    expect(anonymous.status).toBe(401);
    expect(typeof anonymous.body.detail).toBe('string');
    expect((await client(emu).client.health()).ok).toBe(true);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    const emu = await emulator();
    expect((await fetch(`${emu.url}/api/v1/memories/nope`)).status).toBe(404);
    expect((await fetch(`${emu.url}/api/v1/memories/batch`)).status).toBe(405);
  });

  it('exposes counts over HTTP at /_emulator/stats', async () => {
    const emu = await emulator();
    await post(`${emu.url}/api/v1/memories/batch`, { documents: docs(2) });
    await post(`${emu.url}/api/v1/memories/batch`, { documents: docs(1) }, { authorization: 'Bearer wrong' });
    const stats = await (await fetch(`${emu.url}/_emulator/stats`)).json();
    expect(stats).toEqual({ documents: 2, requests: { 200: 1, 401: 1 }, credits: null });
  });

  it('listens on loopback by default', async () => {
    const emu = await emulator();
    expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
  });

  it('applies faults changed at runtime', async () => {
    const emu = await emulator();
    const { client: synap } = client(emu, { retry: { attempts: 1 } });
    await synap.batchCreate(docs(1));
    emu.setFaults({ serverError: { rate: 1, status: 500 } });
    expect((await failure(synap.batchCreate(docs(1, 'x')))).status).toBe(500);
    emu.setFaults({});
    expect((await synap.batchCreate(docs(1, 'y'))).response.succeeded).toBe(1);
  });
});
