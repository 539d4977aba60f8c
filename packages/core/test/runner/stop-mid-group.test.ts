import { describe, expect, it } from 'vitest';
import { groupSchema, groupStage, runPipeline } from '@synap-etl/core';
import type { Mapper, Position, Source, SourceItem } from '@synap-etl/core';
import { recorder, scriptedSink } from './fakes.js';

/** Two conversations of 6 messages; the source pauses inside the second one until `release` is called. */
function pausingSource(pauseAt: number) {
  let release!: () => void;
  const paused = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const atPause = new Promise<void>((resolve) => (reached = resolve));
  const items: SourceItem[] = Array.from({ length: 12 }, (_, i) => ({
    position: i,
    key: `m${i}`,
    data: { conversation_id: i < 6 ? 'a' : 'b', role: i % 2 === 0 ? 'user' : 'assistant', content: `message ${i}` },
  }));
  const source: Source = {
    async open() {},
    async *read(options = {}) {
      const start = options.after === undefined ? 0 : (options.after as number) + 1;
      for (let i = start; i < items.length; i++) {
        if (i === pauseAt) {
          reached();
          await Promise.race([paused, new Promise((resolve) => options.signal?.addEventListener('abort', resolve, { once: true }))]);
        }
        // A source honouring its signal simply returns: this must not look like the end of the data.
        if (options.signal?.aborted) return;
        yield items[i] as SourceItem;
      }
    },
    async close() {},
  };
  return { source, atPause, release: () => release() };
}

const transcriptMapper: Mapper = {
  map: (item) => ({ ok: true, request: { document: String(item.data.transcript), document_id: item.key } }),
};

describe('a graceful stop while a conversation is being grouped', () => {
  it('delivers no partial conversation and keeps the checkpoint before it', async () => {
    const { source, atPause } = pausingSource(9);
    const stop = new AbortController();
    const { sink, batches } = scriptedSink({});
    const rec = recorder();
    const stage = groupStage(groupSchema.parse({ by: 'conversation_id', role: 'role', text: 'content' }));
    const run = runPipeline({ source, stages: [stage], mapper: transcriptMapper, sink, signal: stop.signal, recorder: rec, batch: { size: 1, maxBytes: 1e6 } });
    await atPause;
    stop.abort();
    const summary = await run;

    const sent = batches.flat().map((d) => d.document_id);
    expect(sent).toEqual(['a:0']);
    expect(rec.checkpoints.at(-1) as Position).toBe(5);
    expect(summary.checkpoint).toBe(5);
    expect(summary.status).toBe('interrupted');
  });
});
