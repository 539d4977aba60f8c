import { afterEach, describe, expect, it } from 'vitest';
import { SynapClient, SynapRequestError } from '@synap-etl/synap-client';
import type { BatchCreateOptions, BatchCreateResult, CreateMemoryRequest, SynapClientOptions } from '@synap-etl/synap-client';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { EmulatorOptions, RunningEmulator } from '@synap-etl/synap-emulator';
import { AbortError, EtlError, SynapSink } from '../src/index.js';
import type { BatchCreator } from '../src/index.js';

const API_KEY = 'sk_sink_test_key';
const toClose: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const resource of toClose.splice(0)) await resource.close();
});

async function setup(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: SynapClientOptions = {},
): Promise<{ emu: RunningEmulator; sink: SynapSink; client: SynapClient }> {
  const emu = await startEmulator({ apiKey: API_KEY, ...emulatorOptions });
  const client = new SynapClient(
    { baseUrl: emu.url, apiKey: API_KEY, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, ...clientOptions },
    {},
  );
  toClose.push(client, emu);
  return { emu, sink: new SynapSink(client), client };
}

function docs(count: number, prefix = 'd'): CreateMemoryRequest[] {
  return Array.from({ length: count }, (_, i) => ({ document: `User: turn ${i}`, document_id: `${prefix}-${i}` }));
}

async function rejection(promise: Promise<unknown>): Promise<EtlError> {
  try {
    await promise;
  } catch (error) {
    return error as EtlError;
  }
  throw new Error('expected deliver to throw');
}

describe('SynapSink against the emulator', () => {
  it('maps per-item results: delivered with ingestion id, already present, rejected with the message', async () => {
    const { emu, sink } = await setup();
    await sink.deliver(docs(1));
    const result = await sink.deliver([
      ...docs(2),
      { document: 'User: bad', document_id: 'bad', document_created_at: 'last tuesday' },
    ]);
    expect(result.attempts).toBe(1);
    expect(result.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.items[0]).toEqual({ status: 'already_present' });
    expect(result.items[1]).toEqual({ status: 'delivered', ingestionId: emu.store.get('d-1')?.ingestionId });
    expect(result.items[2]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^document_created_at:/) });
  });

  it('after a dropped connection, reports the resubmitted documents as already present, stored once', async () => {
    const { emu, sink } = await setup({ faults: { dropAfterAccept: { count: 1 } } });
    const result = await sink.deliver(docs(4));
    expect(result.attempts).toBe(2);
    expect(result.items).toEqual(Array(4).fill({ status: 'already_present' }));
    expect(emu.store.count()).toBe(4);
  });

  it('turns SYNAP_UNAVAILABLE after retries into failed items, without throwing', async () => {
    const { sink } = await setup({ faults: { serverError: { rate: 1 } } });
    const result = await sink.deliver(docs(3));
    expect(result.attempts).toBe(3);
    expect(result.items).toHaveLength(3);
    for (const item of result.items) {
      expect(item).toMatchObject({ status: 'failed', reason: expect.stringMatching(/503.*gave up after 3 attempts/) });
    }
  });

  it('rethrows 401 as an EtlError SYNAP_AUTH with a hint, never the key', async () => {
    const { emu } = await setup();
    const client = new SynapClient({ baseUrl: emu.url, apiKey: 'sk_not_the_right_one' }, {});
    toClose.push(client);
    const error = await rejection(new SynapSink(client).deliver(docs(1)));
    expect(error).toBeInstanceOf(EtlError);
    expect(error.code).toBe('SYNAP_AUTH');
    expect(error.hint).toMatch(/SYNAP_API_KEY/);
    expect(error.message).not.toContain('sk_not_the_right_one');
  });

  it('rethrows 402 as an EtlError SYNAP_CREDITS reporting the balance', async () => {
    const { sink } = await setup({ credits: 2 });
    const error = await rejection(sink.deliver(docs(3)));
    expect(error.code).toBe('SYNAP_CREDITS');
    expect(error.message).toMatch(/balance 2 credits/);
  });

  it('bisects a batch rejected as too large (413) to deliver all but the oversized document', async () => {
    const { emu, sink } = await setup({ maxBodyBytes: 4000 });
    const batch = docs(8);
    batch[5] = { document: `User: ${'x'.repeat(5000)}`, document_id: 'huge' };
    const result = await sink.deliver(batch);
    expect(result.items.map((item) => item.status)).toEqual([
      'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'rejected', 'delivered', 'delivered',
    ]);
    expect(result.items[5]).toMatchObject({ reason: expect.stringMatching(/413/) });
    expect(emu.store.count()).toBe(7);
  });

  it('throws AbortError when aborted while the client waits to retry', async () => {
    const { sink } = await setup({ faults: { serverError: { rate: 1 } } }, { retry: { attempts: 3, baseDelayMs: 10_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(sink.deliver(docs(1), controller.signal));
    expect(error).toBeInstanceOf(AbortError);
  });

  it('splits more than 100 documents into several batches', async () => {
    const { emu, sink } = await setup();
    const result = await sink.deliver(docs(150));
    expect(result.attempts).toBe(2);
    expect(result.items.filter((item) => item.status === 'delivered')).toHaveLength(150);
    expect(emu.store.count()).toBe(150);
  });
});

/** A server that rejects (422) every batch containing a document whose id starts with `bad`. */
class PickyClient implements BatchCreator {
  calls = 0;
  async batchCreate(documents: readonly CreateMemoryRequest[], _options?: BatchCreateOptions): Promise<BatchCreateResult> {
    this.calls++;
    const bad = documents.find((doc) => doc.document_id?.startsWith('bad'));
    if (bad) {
      throw new SynapRequestError(`POST /api/v1/memories/batch returned 422: ${bad.document_id} is unparseable`, null, {
        status: 422,
        correlationIds: ['c'],
      });
    }
    return {
      attempts: 1,
      response: {
        batch_id: `batch-${this.calls}`,
        total: documents.length,
        succeeded: documents.length,
        failed: 0,
        results: documents.map((doc, i) => ({
          ingestion_id: `ing-${this.calls}-${i}`,
          document_id: doc.document_id ?? null,
          status: 'queued',
          queued_at: '2024-01-01T00:00:00.000Z',
          error_message: null,
        })),
      },
    };
  }
}

describe('SynapSink bisection of whole-batch rejections', () => {
  it('isolates the bad documents of a 422 and delivers the rest', async () => {
    const client = new PickyClient();
    const batch = docs(100);
    batch[17] = { document: 'User: x', document_id: 'bad-17' };
    batch[80] = { document: 'User: y', document_id: 'bad-80' };
    const result = await new SynapSink(client).deliver(batch);
    const rejected = result.items.flatMap((item, i) => (item.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([17, 80]);
    expect(result.items[17]).toMatchObject({ reason: expect.stringContaining('bad-17 is unparseable') });
    expect(result.items.filter((item) => item.status === 'delivered')).toHaveLength(98);
    expect(client.calls).toBeLessThanOrEqual(1 + 2 * 2 * Math.ceil(Math.log2(100)));
  });

  it('stops splitting when the budget is spent and rejects the unresolved documents with the detail', async () => {
    const client = new PickyClient();
    const batch = docs(16, 'bad');
    const result = await new SynapSink(client, { maxBisectCalls: 4 }).deliver(batch);
    expect(client.calls).toBe(5);
    expect(result.items).toHaveLength(16);
    for (const item of result.items) expect(item).toMatchObject({ status: 'rejected', reason: expect.stringContaining('422') });
  });

  it('rethrows a 404 (wrong endpoint) instead of rejecting every document', async () => {
    const client: BatchCreator = {
      batchCreate: async () => {
        throw new SynapRequestError('POST /v9/memories/batch returned 404: Not Found', 'Not Found', { status: 404 });
      },
    };
    const error = await rejection(new SynapSink(client).deliver(docs(2)));
    expect(error).toBeInstanceOf(EtlError);
    expect(error.code).toBe('SYNAP_REQUEST');
  });

  it('matches results by document_id when the server reorders or omits them', async () => {
    const client: BatchCreator = {
      batchCreate: async () => ({
        attempts: 1,
        response: {
          batch_id: 'b',
          total: 3,
          succeeded: 2,
          failed: 0,
          results: [
            { ingestion_id: 'i-2', document_id: 'd-2', status: 'queued' },
            { ingestion_id: 'i-0', document_id: 'd-0', status: 'queued' },
          ],
        },
      }),
    };
    const result = await new SynapSink(client).deliver(docs(3));
    expect(result.items).toEqual([
      { status: 'delivered', ingestionId: 'i-0' },
      { status: 'failed', reason: 'Synap returned no result for this document' },
      { status: 'delivered', ingestionId: 'i-2' },
    ]);
  });
});
