import { describe, expect, it } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { EtlError } from '../../src/index.js';
import type { BatchResult, Mapper, Position, ReadOptions, Sink, Source, SourceItem } from '../../src/index.js';
import { runPipeline } from '../../src/runner/index.js';
import { buildDocumentTransform, buildStages } from '../../src/transforms/index.js';
import { config } from './helpers.js';

// One row per message, ordered by conversation: 4 conversations, the second long enough for 3 windows.
const ROWS = [
  ['a', 'user', 'Hi, I am jane@example.com'],
  ['a', 'assistant', 'Hello Jane'],
  ['b', 'system', 'You are helpful'],
  ['b', 'user', 'b1'],
  ['b', 'assistant', 'b2'],
  ['b', 'user', 'b3'],
  ['b', 'assistant', 'b4'],
  ['b', 'user', 'b5'],
  ['c', 'user', ''],
  ['d', 'user', 'call me at +44 20 7946 0958'],
  ['d', 'assistant', 'ok'],
].map(([conversation_id, role, content], i) => ({ id: i + 1, conversation_id, role, content }));

/** A paged source: reads PAGE rows per "query", strictly after the given position. */
function pagedSource(pageSize = 3): Source & { pages: number } {
  const source = {
    pages: 0,
    async open() {},
    async close() {},
    async *read(options: ReadOptions = {}): AsyncGenerator<SourceItem> {
      let after = (options.after as number | undefined) ?? 0;
      for (;;) {
        source.pages++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        const page = ROWS.filter((r) => r.id > after).slice(0, pageSize);
        if (page.length === 0) return;
        for (const row of page) yield { position: row.id, key: String(row.id), data: row };
        after = page.at(-1)!.id;
      }
    },
  };
  return source;
}

/** A Synap stand-in: dedupes by document_id, can stop the run at a given batch. */
class MemorySink implements Sink {
  readonly documents = new Map<string, CreateMemoryRequest>();
  batches = 0;
  constructor(public failAtBatch?: number) {}
  async deliver(documents: CreateMemoryRequest[]): Promise<BatchResult> {
    this.batches++;
    if (this.batches === this.failAtBatch) throw new EtlError('SYNAP_CREDITS', 'out of credits');
    return {
      attempts: 1,
      items: documents.map((d) => {
        if (this.documents.has(d.document_id!)) return { status: 'already_present' as const };
        this.documents.set(d.document_id!, d);
        return { status: 'delivered' as const };
      }),
    };
  }
}

const mapper: Mapper = {
  map: (item) => ({ ok: true, request: { document: String(item.data.transcript), document_id: `t:${item.key}` } }),
};

const transforms = config({
  group: { by: 'conversation_id', window: { max_turns: 2 } },
  redact: { emails: true, phones: true },
});

const run = (sink: Sink, after?: Position) =>
  runPipeline({
    source: pagedSource(),
    stages: buildStages(transforms),
    mapper,
    documentTransform: buildDocumentTransform(transforms),
    sink,
    batch: { size: 2, maxBytes: 1 << 20 },
    concurrency: 2,
    ...(after === undefined ? {} : { after }),
  });

describe('transforms in the runner', () => {
  it('delivers whole conversations across source pages and batches, accounting every record', async () => {
    const sink = new MemorySink();
    const summary = await run(sink);
    expect(summary.status).toBe('completed');
    expect([...sink.documents.keys()]).toEqual(['t:a:0', 't:b:0', 't:b:1', 't:b:2', 't:d:0']);
    expect(sink.documents.get('t:a:0')!.document).toBe('User: Hi, I am [email]\nAssistant: Hello Jane');
    expect(sink.documents.get('t:b:2')!.document).toBe('User: b5');
    expect(sink.documents.get('t:d:0')!.document).toBe('User: call me at [phone]\nAssistant: ok');
    expect(summary.counts).toMatchObject({ read: 11, delivered: 9, filtered: 2, rejected: 0, failed: 0 });
    expect(summary.checkpoint).toBe(11);
  });

  it('resumes after a stop at a conversation boundary and converges on the same documents', async () => {
    const full = new MemorySink();
    await run(full);

    const sink = new MemorySink(2);
    const stopped = await run(sink);
    expect(stopped.status).toBe('failed');
    // The durable checkpoint is a group boundary: a conversation's last record, never one inside it.
    // Batches of 2 documents: a:0+b:0 is delivered, b:1+b:2 fails. b:0 closed before its conversation ended,
    // so it carries no checkpoint: the durable one is a's last record, never one inside conversation b.
    expect(stopped.checkpoint).toBe(2);
    expect([...sink.documents.keys()]).toEqual(['t:a:0', 't:b:0']);

    sink.failAtBatch = undefined;
    const resumed = await run(sink, stopped.checkpoint);
    expect(resumed.status).toBe('completed');
    // b is re-read from its start into the same ids: b:0 (records 4, 5) is already there, nothing is lost.
    expect(resumed.counts).toMatchObject({ read: 9, already_present: 2, delivered: 5, filtered: 2 });
    expect(new Map([...sink.documents].sort())).toEqual(new Map([...full.documents].sort()));
  });
});
