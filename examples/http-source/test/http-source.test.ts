import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, SourceConnectError, SourceReadError } from '@synap-etl/core';
import { sampleMessages, startConversationApi } from '../demo/conversation-api.js';
import type { ApiFaults, RunningConversationApi } from '../demo/conversation-api.js';
import { httpJsonSource } from '../src/index.js';
import { createSource, readAll } from './helpers.js';

const TOKEN = 'tok-Secr3t-value';
const records = sampleMessages(5); // 20 messages
const apis: RunningConversationApi[] = [];

async function api(options: { records?: readonly unknown[]; faults?: ApiFaults; token?: string } = {}): Promise<RunningConversationApi> {
  const started = await startConversationApi({ records: options.records ?? records, token: options.token ?? TOKEN, ...(options.faults ? { faults: options.faults } : {}) });
  apis.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(apis.splice(0).map((a) => a.close()));
});

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('http-json example source', () => {
  it('sends the token, the page size and fixed query parameters, and follows cursors to the end', async () => {
    const server = await api();
    const items = await readAll(createSource({ url: server.url, token: TOKEN, page_size: 6, query: { status: 'closed' } }));
    expect(items.map((item) => item.key)).toEqual(records.map((r) => r.id));
    const pages = server.requests.slice(1); // the first request is open()'s probe
    expect(pages.map((r) => r.query.limit)).toEqual(['6', '6', '6', '6']);
    expect(pages.every((r) => r.query.status === 'closed' && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(pages[0]?.query.cursor).toBeUndefined();
    expect(pages.slice(1).every((r) => typeof r.query.cursor === 'string')).toBe(true);
  });

  it('fails open() on a rejected token with SOURCE_CONNECT, naming the endpoint but never the token', async () => {
    const server = await api({ token: 'the-right-one' });
    const source = createSource({ url: server.url, token: TOKEN, retries: 0 });
    const error = await thrownBy(source.open());
    await source.close();
    expect(error).toBeInstanceOf(SourceConnectError);
    const { message, hint } = error as SourceConnectError;
    expect(message).toContain(server.url);
    expect(message).toContain('401');
    expect(hint).toMatch(/token/);
    expect(`${message} ${hint}`).not.toContain(TOKEN);
  });

  it('retries 503 and 429 answers (honouring Retry-After) and then reads everything', async () => {
    const server = await api({ faults: { transient: { status: 503, count: 2 } } });
    const items = await readAll(createSource({ url: server.url, token: TOKEN, retries: 3, retry_delay_ms: 1 }));
    expect(items).toHaveLength(records.length);

    server.setFaults({ transient: { status: 429, count: 1, retryAfter: 0 } });
    const again = await readAll(createSource({ url: server.url, token: TOKEN, retries: 1, retry_delay_ms: 5_000 }));
    expect(again).toHaveLength(records.length); // a 5 s backoff would time the test out: Retry-After: 0 won
  });

  it('stops with SourceReadError carrying the last position read when retries run out', async () => {
    const server = await api();
    const source = createSource({ url: server.url, token: TOKEN, page_size: 5, retries: 1, retry_delay_ms: 1 });
    await source.open();
    const seen: unknown[] = [];
    const error = await thrownBy(
      (async () => {
        for await (const item of source.read()) {
          seen.push(item.position);
          if (seen.length === 7) server.setFaults({ transient: { status: 502, count: 5 } });
        }
      })(),
    );
    await source.close();
    expect(error).toBeInstanceOf(SourceReadError);
    expect(seen).toHaveLength(10); // two whole pages; the third never came
    expect((error as SourceReadError).lastPosition).toStrictEqual(seen.at(-1));
    expect((error as SourceReadError).message).toContain('502');
  });

  it('resumes by record id when the page size changed between runs', async () => {
    const server = await api();
    const first = await readAll(createSource({ url: server.url, token: TOKEN, page_size: 7 }), { limit: 9 });
    const rest = await readAll(createSource({ url: server.url, token: TOKEN, page_size: 4 }), { after: first.at(-1)?.position });
    expect([...first, ...rest].map((item) => item.key)).toEqual(records.map((r) => r.id));
  });

  it('refuses to resume when the record is gone from its page, instead of skipping or repeating records', async () => {
    const before = await api();
    const first = await readAll(createSource({ url: before.url, token: TOKEN, page_size: 5 }), { limit: 8 });
    const after = await api({ records: records.filter((r) => r.id !== first.at(-1)?.key) });
    const error = await thrownBy(readAll(createSource({ url: after.url, token: TOKEN, page_size: 5 }), { after: first.at(-1)?.position }));
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as SourceReadError).hint).toMatch(/from-scratch/);
  });

  it('gives up on a slow page after timeout_ms, and on a page larger than max_page_bytes', async () => {
    const slow = await api({ faults: { delayMs: 400 } });
    const timedOut = await thrownBy(createSource({ url: slow.url, token: TOKEN, timeout_ms: 100, retries: 0 }).open());
    expect((timedOut as Error).message).toMatch(/timed out after 100 ms/);

    const big = await api({ records: [{ id: 'big', text: 'x'.repeat(4096) }] });
    const tooLarge = await thrownBy(createSource({ url: big.url, token: TOKEN, max_page_bytes: 1024 }).open());
    expect((tooLarge as Error).message).toMatch(/max_page_bytes/);
  });

  it('validates options with precise paths and marks the token and header values secret', () => {
    const parse = (options: Record<string, unknown>) => () => httpJsonSource.parseConfig(options);
    expect(parse({ url: 'ftp://example.com/x' })).toThrow(ConfigError);
    expect(parse({ url: 'https://example.com/x', page_sise: 10 })).toThrow(
      expect.objectContaining({ issues: [{ path: 'source.page_sise', message: 'unknown option; did you mean `page_size`?' }] }),
    );
    const config = httpJsonSource.parseConfig({ url: 'https://example.com/x', token: 'abc123', headers: { 'x-api-key': 'key-456' } });
    expect(httpJsonSource.secretValues(config).sort()).toEqual(['abc123', 'key-456']);
  });
});
