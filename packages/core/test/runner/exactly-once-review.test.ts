import { describe, expect, it } from 'vitest';
import { groupSchema, groupStage, runPipeline, unwindSchema, unwindStage } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { ItemResult, Mapper, SourceItem } from '@synap-etl/core';
import { arraySource, recorder, scriptedSink } from './fakes.js';

const transcriptMapper: Mapper = {
  map: (item) => ({ ok: true, request: { document: String(item.data.transcript), document_id: item.key } }),
};

/** A sink that answers like Synap: an id it has stored before comes back as already present. */
function dedupingSink() {
  const stored = new Map<string, string>();
  const verdict = (doc: CreateMemoryRequest): ItemResult => {
    const id = doc.document_id as string;
    if (stored.has(id)) return { status: 'already_present' };
    stored.set(id, String(doc.document));
    return { status: 'delivered', ingestionId: `ing-${id}` };
  };
  return { ...scriptedSink({ verdict }), stored };
}

describe('exactly-once accounting at the edges of a run', () => {
  it('a --limit reached on a record unwound into several windows still settles all its windows', async () => {
    const messages = Array.from({ length: 6 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    const items: SourceItem[] = [0, 1].map((i) => ({ position: i, key: `c${i}`, data: { id: i, messages } }));
    const { source } = arraySource(items);
    const { sink, batches } = scriptedSink({});
    const rec = recorder();
    const stage = unwindStage(unwindSchema.parse({ field: 'messages', role: 'role', text: 'content', window: { max_turns: 2 } }));
    const summary = await runPipeline({ source, stages: [stage], mapper: transcriptMapper, sink, recorder: rec, limit: 1, batch: { size: 1, maxBytes: 1e6 } });

    expect(batches.flat().map((d) => d.document_id)).toEqual(['c0:0', 'c0:1', 'c0:2']);
    expect(rec.outcomes.map((o) => [o.key, o.status])).toEqual([['c0', 'delivered']]);
    expect(summary.counts).toMatchObject({ read: 1, delivered: 1 });
    expect(summary.checkpoint).toBe(0);
  });

  it('a graceful stop while a record is being unwound settles the windows of the record already read', async () => {
    const messages = Array.from({ length: 6 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    const items: SourceItem[] = [0, 1, 2].map((i) => ({ position: i, key: `c${i}`, data: { id: i, messages } }));
    const { source } = arraySource(items);
    const stop = new AbortController();
    const { sink, batches } = scriptedSink({
      verdict: (doc) => {
        if (doc.document_id === 'c1:0') stop.abort();
        return { status: 'delivered' };
      },
    });
    const rec = recorder();
    const stage = unwindStage(unwindSchema.parse({ field: 'messages', role: 'role', text: 'content', window: { max_turns: 2 } }));
    const summary = await runPipeline({ source, stages: [stage], mapper: transcriptMapper, sink, recorder: rec, signal: stop.signal, batch: { size: 1, maxBytes: 1e6 } });

    expect(summary.status).toBe('interrupted');
    const sent = batches.flat().map((d) => d.document_id);
    expect(sent.filter((id) => id?.startsWith('c1:'))).toEqual(['c1:0', 'c1:1', 'c1:2']);
    expect(sent.some((id) => id?.startsWith('c2:'))).toBe(false);
    const c = summary.counts;
    expect(c.delivered + c.already_present + c.rejected + c.filtered + c.failed).toBe(c.read);
    expect(summary.checkpoint).toBe(1);
  });

  it('a last conversation whose messages are all filtered lets the checkpoint reach the end of the source', async () => {
    const items: SourceItem[] = [
      { conversation_id: 'a', role: 'user', content: 'hi' },
      { conversation_id: 'a', role: 'assistant', content: 'hello' },
      { conversation_id: 'b', role: 'system', content: 'setup' },
      { conversation_id: 'b', role: 'user', content: '   ' },
    ].map((data, i) => ({ position: i, key: `m${i}`, data }));
    const { source } = arraySource(items);
    const { sink } = scriptedSink({});
    const rec = recorder();
    const stage = groupStage(groupSchema.parse({ by: 'conversation_id', role: 'role', text: 'content' }));
    const summary = await runPipeline({ source, stages: [stage], mapper: transcriptMapper, sink, recorder: rec });

    expect(rec.outcomes.map((o) => o.status)).toEqual(['filtered', 'filtered', 'delivered', 'delivered']);
    expect(summary.status).toBe('completed');
    // Otherwise the next run reads the filtered records again and records them a second time.
    expect(summary.checkpoint).toBe(3);
    expect(rec.checkpoints.at(-1)).toBe(3);
  });

  it('two records mapped to the same document_id: the second is rejected with the reason, not counted as already present', async () => {
    const items: SourceItem[] = ['first', 'second', 'third'].map((text, i) => ({ position: i, key: `r${i}`, data: { conversation: i < 2 ? 'same' : 'other', text } }));
    const { source } = arraySource(items);
    const collidingMapper: Mapper = { map: (item) => ({ ok: true, request: { document: String(item.data.text), document_id: String(item.data.conversation) } }) };
    const { sink, stored } = dedupingSink();
    const rec = recorder();
    const summary = await runPipeline({ source, mapper: collidingMapper, sink, recorder: rec, batch: { size: 2, maxBytes: 1e6 } });

    expect(stored.get('same')).toBe('first');
    expect(rec.outcomes.find((o) => o.key === 'r1')).toMatchObject({ status: 'rejected', field: 'document_id' });
    expect(rec.outcomes.find((o) => o.key === 'r1')?.reason).toMatch(/document_id/);
    expect(summary.counts).toMatchObject({ read: 3, delivered: 2, rejected: 1, already_present: 0 });
  });

  it('a re-run over documents delivered before still counts them as already present', async () => {
    const items: SourceItem[] = ['one', 'two'].map((text, i) => ({ position: i, key: `r${i}`, data: { text } }));
    const mapper: Mapper = { map: (item) => ({ ok: true, request: { document: String(item.data.text), document_id: `doc:${item.key}` } }) };
    const { sink } = dedupingSink();
    await runPipeline({ source: arraySource(items).source, mapper, sink });
    const again = await runPipeline({ source: arraySource(items).source, mapper, sink });
    expect(again.counts).toMatchObject({ read: 2, already_present: 2, rejected: 0 });
  });
});
