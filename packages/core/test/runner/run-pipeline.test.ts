import { describe, expect, it } from 'vitest';
import { EtlError, runPipeline, SourceReadError } from '@synap-etl/core';
import type { SourceItem, StageItem } from '@synap-etl/core';
import { arraySource, passThroughMapper, recorder, records, scriptedSink } from './fakes.js';

describe('runPipeline', () => {
  it('accounts every record exactly once across all outcome kinds', async () => {
    const items: SourceItem[] = records(500, (i) => (i % 50 === 7 ? '' : `m${i}`));
    items[10] = { position: 10, key: 'r10', invalid: { message: 'line 11: not JSON' } };
    const { source } = arraySource(items);
    const { sink } = scriptedSink({
      verdict: (d) =>
        d.document_id?.endsWith('3')
          ? { status: 'already_present' }
          : d.document_id?.endsWith('9')
            ? { status: 'rejected', reason: 'bad' }
            : { status: 'delivered', ingestionId: 'x' },
    });
    const rec = recorder();
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, recorder: rec, batch: { size: 7, maxBytes: 1e6 } });

    expect(summary.status).toBe('completed');
    const c = summary.counts;
    expect(c.read).toBe(500);
    expect(c.delivered + c.already_present + c.rejected + c.filtered + c.failed).toBe(500);
    expect(rec.outcomes).toHaveLength(500);
    expect(new Set(rec.outcomes.map((o) => o.key)).size).toBe(500);
    expect(rec.outcomes.find((o) => o.key === 'r10')).toMatchObject({ status: 'rejected', reason: 'line 11: not JSON' });
    expect(rec.outcomes.find((o) => o.key === 'r7')).toMatchObject({ status: 'rejected', field: 'document' });
    expect(rec.outcomes.find((o) => o.key === 'r13')).toMatchObject({ status: 'already_present', documentId: 'doc:r13' });
    expect(summary.checkpoint).toBe(499);
  });

  it('never records a checkpoint past a batch that was not yet acknowledged, whatever the completion order', async () => {
    const { source } = arraySource(records(300));
    const acked = new Set<string>();
    const delays = [40, 5, 25, 1, 30, 2, 15, 8];
    const { sink, maxInFlight } = scriptedSink({
      delayMs: (i) => delays[i % delays.length] ?? 0,
      verdict: (d) => {
        acked.add(d.document_id as string);
        return { status: 'delivered' };
      },
    });
    const checkpoints: number[] = [];
    const summary = await runPipeline({
      source,
      mapper: passThroughMapper,
      sink,
      concurrency: 4,
      batch: { size: 10, maxBytes: 1e6 },
      recorder: {
        record: async (_o, checkpoint) => {
          if (checkpoint === undefined) return;
          for (let i = 0; i <= (checkpoint as number); i++) expect(acked.has(`doc:r${i}`)).toBe(true);
          checkpoints.push(checkpoint as number);
        },
      },
    });
    expect(summary.counts.delivered).toBe(300);
    expect(maxInFlight()).toBeGreaterThan(1);
    expect(maxInFlight()).toBeLessThanOrEqual(4);
    expect([...checkpoints].sort((a, b) => a - b)).toEqual(checkpoints);
    expect(checkpoints.at(-1)).toBe(299);
  });

  it('pulls from the source only as fast as batches drain (backpressure)', async () => {
    const { source, state } = arraySource(records(2_000));
    let pulledAtFirstAck = -1;
    const { sink } = scriptedSink({
      delayMs: () => 5,
      verdict: () => {
        if (pulledAtFirstAck < 0) pulledAtFirstAck = state.pulled;
        return { status: 'delivered' };
      },
    });
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, concurrency: 2, batch: { size: 10, maxBytes: 1e6 } });
    expect(summary.counts.delivered).toBe(2_000);
    // Two batches in flight plus one being filled: the reader cannot be far ahead of delivery.
    expect(pulledAtFirstAck).toBeLessThanOrEqual(2 * 10 + 10 + 1);
  });

  it('stops on a fatal sink error without passing the checkpoint over unacknowledged records', async () => {
    const { source } = arraySource(records(100));
    const { sink } = scriptedSink({
      failBatch: (i) => (i === 3 ? new EtlError('SYNAP_AUTH', 'invalid API key') : undefined),
    });
    const rec = recorder();
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, concurrency: 1, batch: { size: 10, maxBytes: 1e6 }, recorder: rec });
    expect(summary.status).toBe('failed');
    expect((summary.error as EtlError).code).toBe('SYNAP_AUTH');
    expect(summary.counts.delivered).toBe(30);
    expect(summary.checkpoint).toBe(29);
    expect(rec.outcomes.some((o) => o.key === 'r35')).toBe(false);
  });

  it('ends with the source read error and keeps the checkpoint of what was acknowledged', async () => {
    const { source } = arraySource(records(100), { failAfter: 55 });
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink: scriptedSink({}).sink, batch: { size: 10, maxBytes: 1e6 } });
    expect(summary.status).toBe('failed');
    expect(summary.error).toBeInstanceOf(SourceReadError);
    expect((summary.error as SourceReadError).lastPosition).toBe(54);
    // Records read before the failure are still delivered, so the checkpoint reaches the error's last position.
    expect(summary.counts.delivered).toBe(55);
    expect(summary.checkpoint).toBe(54);
  });

  it('on a graceful stop, finishes in-flight batches and reports interrupted', async () => {
    const { source, state } = arraySource(records(5000));
    const stop = new AbortController();
    const { sink } = scriptedSink({
      delayMs: (i) => {
        if (i === 5) stop.abort();
        return 5;
      },
    });
    const rec = recorder();
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, signal: stop.signal, batch: { size: 10, maxBytes: 1e6 }, recorder: rec });
    expect(summary.status).toBe('interrupted');
    expect(state.pulled).toBeLessThan(5000);
    expect(summary.counts.delivered).toBe(rec.outcomes.length);
    expect(summary.counts.delivered).toBe(summary.counts.read);
    expect(summary.checkpoint).toBe(summary.counts.read - 1);
  });

  it('accounts a record split into several documents once, with its least successful part', async () => {
    const { source } = arraySource(records(2));
    const split = async function* (input: AsyncIterable<StageItem>) {
      for await (const item of input) {
        if (item.kind !== 'work') {
          yield item;
          continue;
        }
        for (let p = 0; p < 3; p++) {
          yield {
            ...item,
            key: `${item.key}:${p}`,
            sources: item.sources.map((s) => ({ ...s, part: { index: p, count: 3 } })),
            ...(p === 2 ? {} : { checkpoint: undefined }),
          };
        }
      }
    };
    const { sink } = scriptedSink({ verdict: (d) => (d.document_id === 'doc:r1:1' ? { status: 'rejected', reason: 'too long' } : { status: 'delivered' }) });
    const rec = recorder();
    const summary = await runPipeline({ source, stages: [split], mapper: passThroughMapper, sink, recorder: rec, batch: { size: 2, maxBytes: 1e6 } });
    expect(summary.counts).toMatchObject({ read: 2, delivered: 1, rejected: 1 });
    expect(rec.outcomes.map((o) => [o.key, o.status])).toEqual([
      ['r0', 'delivered'],
      ['r1', 'rejected'],
    ]);
  });
});

describe('runPipeline during an outage', () => {
  it('stops after consecutive fully failed batches instead of failing the whole source', async () => {
    const { source, state } = arraySource(records(1000));
    const { sink } = scriptedSink({ verdict: () => ({ status: 'failed', reason: 'Synap unavailable after 5 attempts (503)' }) });
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, concurrency: 1, batch: { size: 10, maxBytes: 1e6 } });
    expect(summary.status).toBe('failed');
    expect((summary.error as EtlError).code).toBe('SYNAP_UNAVAILABLE');
    expect((summary.error as EtlError).hint).toContain('503');
    expect(summary.counts.failed).toBe(30);
    expect(state.pulled).toBeLessThan(100);
  });

  it('keeps going when failures are intermittent', async () => {
    const { source } = arraySource(records(200));
    let n = 0;
    const { sink } = scriptedSink({ verdict: () => ((n++ % 20) < 10 ? { status: 'failed', reason: 'x' } : { status: 'delivered' }) });
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, concurrency: 1, batch: { size: 10, maxBytes: 1e6 } });
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ failed: 100, delivered: 100 });
  });
});
