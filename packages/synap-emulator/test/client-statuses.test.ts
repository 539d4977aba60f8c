import { describe, expect, it } from 'vitest';
import {
  SynapAbortedError,
  SynapAuthError,
  SynapClient,
  SynapCreditsError,
  SynapRequestError,
  SynapUnavailableError,
  classifyItem,
} from '@synap-etl/synap-client';
import { API_KEY, INSTANCE_ID, client, docs, emulator, failure } from './helpers.js';

describe('SynapClient against the emulator: every status class', () => {
  it('delivers a batch and reports one queued result per document', async () => {
    const emu = await emulator();
    const { client: synap } = client(emu);
    const { response, attempts } = await synap.batchCreate(docs(3));
    expect(attempts).toBe(1);
    expect(response).toMatchObject({ total: 3, succeeded: 3, failed: 0 });
    expect(response.results.map(classifyItem)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(response.results.map((r) => r.document_id)).toEqual(['doc-0', 'doc-1', 'doc-2']);
    expect(emu.store.count()).toBe(3);
  });

  it('401: stops with a helpful message, without retrying and without the key', async () => {
    const emu = await emulator();
    const { client: synap, waits } = client(emu, { apiKey: 'sk_wrong_key_value' });
    const error = await failure(synap.batchCreate(docs(1)));
    expect(error).toBeInstanceOf(SynapAuthError);
    expect(error.code).toBe('SYNAP_AUTH');
    expect(error.status).toBe(401);
    expect(error.hint).toMatch(/SYNAP_API_KEY/);
    expect(error.message).not.toContain('sk_wrong_key_value');
    expect(waits).toEqual([]);
    expect(emu.stats().requests).toEqual({ 401: 1 });
  });

  it('402: reports the balance and the credits required', async () => {
    const emu = await emulator({ credits: 3 });
    const { client: synap } = client(emu);
    const error = await failure(synap.batchCreate(docs(5)));
    expect(error).toBeInstanceOf(SynapCreditsError);
    const credits = error as SynapCreditsError;
    expect(credits.balanceCredits).toBe(3);
    expect(credits.minimumRequiredCredits).toBe(5);
    expect(credits.message).toMatch(/balance 3 credits, at least 5 required/);
    expect(emu.store.count()).toBe(0);
    // The balance is spent by accepted documents only.
    await synap.batchCreate(docs(3, 'small'));
    expect(emu.stats().credits).toBe(0);
  });

  it('422: a whole batch rejected by fail_fast is permanent, with the field in the detail', async () => {
    const emu = await emulator();
    const { client: synap, waits } = client(emu);
    const batch = [...docs(2), { document: 'User: x', document_id: 'bad', document_created_at: 'yesterday' }];
    const error = await failure(synap.batchCreate(batch, { failFast: true }));
    expect(error).toBeInstanceOf(SynapRequestError);
    expect(error.status).toBe(422);
    expect(error.message).toContain('document_created_at');
    expect(JSON.stringify((error as SynapRequestError).detail)).toContain('document_created_at');
    expect(waits).toEqual([]);
    expect(emu.store.count()).toBe(0);
  });

  it('429: waits at least Retry-After (injected sleep), then succeeds', async () => {
    const emu = await emulator({ faults: { rateLimit: { count: 2, retryAfterSeconds: 3 } } });
    const { client: synap, waits } = client(emu, { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20, jitter: 0.25 } });
    const { attempts } = await synap.batchCreate(docs(2));
    expect(attempts).toBe(3);
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(3000);
    expect(emu.stats().requests).toEqual({ 200: 1, 429: 2 });
  });

  it('429: honours a real Retry-After of 1 second on the wall clock', async () => {
    const emu = await emulator({ faults: { rateLimit: { count: 1, retryAfterSeconds: 1 } } });
    const { client: synap } = client(emu, { sleep: undefined, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2, jitter: 0 } });
    const started = performance.now();
    const { attempts } = await synap.batchCreate(docs(1));
    expect(attempts).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('429 without Retry-After falls back to exponential backoff', async () => {
    const emu = await emulator({ faults: { rateLimit: { count: 2, retryAfterSeconds: null } } });
    const { client: synap, waits } = client(emu);
    await synap.batchCreate(docs(1));
    expect(waits).toEqual([100, 200]);
  });

  it('5xx: retried with exponential backoff, then success', async () => {
    const emu = await emulator({ faults: { serverError: { count: 2, status: 502 } } });
    const { client: synap, waits } = client(emu);
    const { response, attempts } = await synap.batchCreate(docs(4));
    expect(attempts).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(response.succeeded).toBe(4);
    expect(emu.stats().requests).toEqual({ 200: 1, 502: 2 });
  });

  it('5xx exhausted: SYNAP_UNAVAILABLE after the configured number of attempts', async () => {
    const emu = await emulator({ faults: { serverError: { rate: 1 } } });
    const { client: synap, waits } = client(emu, { retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 250, jitter: 0 } });
    const error = await failure(synap.batchCreate(docs(1)));
    expect(error).toBeInstanceOf(SynapUnavailableError);
    expect((error as SynapUnavailableError).attempts).toBe(5);
    expect(error.message).toMatch(/returned 503.*gave up after 5 attempts/);
    expect(error.correlationIds).toHaveLength(5);
    expect(waits).toEqual([100, 200, 250, 250]);
    expect(emu.stats().requests).toEqual({ 503: 5 });
  });

  it('a connection dropped after acceptance: the retry finds the documents already present, stored once', async () => {
    const emu = await emulator({ faults: { dropAfterAccept: { count: 1 } } });
    const { client: synap, waits } = client(emu);
    const batch = docs(5);
    const { response, attempts } = await synap.batchCreate(batch);
    expect(attempts).toBe(2);
    expect(waits).toHaveLength(1);
    expect(response.results.map(classifyItem)).toEqual(Array(5).fill('already_present'));
    expect(emu.store.count()).toBe(5);
    expect([...emu.store.all()].map((d) => d.documentId)).toEqual(batch.map((d) => d.document_id));
    expect(emu.stats().requests).toEqual({ 200: 1, dropped: 1 });
  });

  it('duplicate document ids within one batch: the first is delivered, the repeat already present', async () => {
    const emu = await emulator();
    const { client: synap } = client(emu);
    const [a, b] = docs(2);
    const { response } = await synap.batchCreate([a!, b!, { ...a!, document: 'User: a second copy' }]);
    expect(response.results.map(classifyItem)).toEqual(['delivered', 'delivered', 'already_present']);
    expect(response).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect(emu.store.count()).toBe(2);
  });

  it('sends the contract headers, with a fresh correlation id on every request, retries included', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const emu = await emulator({
      faults: { serverError: { count: 1 } },
      onRequest: (request) => seen.push(request.headers),
    });
    const { client: synap } = client(emu, { clientId: 'etl-test' });
    await synap.batchCreate(docs(1));
    await synap.batchCreate(docs(1, 'second'));
    await synap.create({ document: 'User: single' });
    expect(seen).toHaveLength(4);
    for (const headers of seen) {
      expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(headers['x-instance-id']).toBe(INSTANCE_ID);
      expect(headers['x-client-id']).toBe('etl-test');
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(seen.map((h) => h['x-correlation-id'])).size).toBe(4);
  });

  it('resolves credentials and base URL from SYNAP_* environment variables', async () => {
    const emu = await emulator();
    const synap = new SynapClient({}, { SYNAP_API_KEY: API_KEY, SYNAP_INSTANCE_ID: INSTANCE_ID, SYNAP_BASE_URL: emu.url });
    try {
      const { response } = await synap.batchCreate(docs(1));
      expect(response.succeeded).toBe(1);
    } finally {
      await synap.close();
    }
  });

  it('aborting while waiting for a retry stops at once', async () => {
    const emu = await emulator({ faults: { serverError: { rate: 1 } } });
    const { client: synap } = client(emu, { sleep: undefined, retry: { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(synap.batchCreate(docs(1), { signal: controller.signal }));
    expect(error).toBeInstanceOf(SynapAbortedError);
    expect(error.code).toBe('ABORTED');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(emu.stats().requests).toEqual({ 503: 1 });
  });

  it('an already aborted signal sends nothing', async () => {
    const emu = await emulator();
    const { client: synap } = client(emu);
    const error = await failure(synap.batchCreate(docs(1), { signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(emu.stats().requests).toEqual({});
  });

  it('never puts the API key in any error message', async () => {
    const emu = await emulator({ faults: { serverError: { rate: 1 } } });
    const { client: synap } = client(emu, { retry: { attempts: 2, baseDelayMs: 1 } });
    const errors = [
      await failure(synap.batchCreate(docs(1))),
      await failure(synap.batchCreate([])),
      await failure(synap.status('nope')),
    ];
    const wrong = client(await emulator(), { apiKey: `${API_KEY}-wrong` });
    errors.push(await failure(wrong.client.batchCreate(docs(1))));
    for (const error of errors) {
      expect(`${error.message}\n${error.hint}\n${error.stack}`).not.toContain(API_KEY);
    }
  });
});
