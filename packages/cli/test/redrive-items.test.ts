import { describe, expect, it } from 'vitest';
import { buildStages, runPipeline, transformsConfigSchema } from '@synap-etl/core';
import type { BatchResult, LedgerEntry, Mapper, Position, RecordOutcome, Sink, Source, SourceItem, Stage, StageItem } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { redriveItems, RedriveTally } from '../src/run/redrive-items.js';

/** Numbered records; positions are numbers; counts each read and each record pulled. */
function countingSource(items: SourceItem[]) {
  const stats = { reads: [] as Array<Position | undefined>, pulled: 0 };
  const source: Source = {
    async open() {},
    async close() {},
    async *read(options = {}) {
      stats.reads.push(options.after);
      const start = options.after === undefined ? 0 : (options.after as number) + 1;
      for (let i = start; i < items.length; i++) {
        if (options.signal?.aborted) return;
        stats.pulled += 1;
        yield items[i] as SourceItem;
      }
    },
  };
  return { source, stats };
}

const keyMapper: Mapper = {
  map: (item) => ({ ok: true, request: { document: JSON.stringify(item.data), document_id: `doc:${item.key}` } }),
};

/** Delivers everything except the documents named, which fail. */
function failingSink(failIds: ReadonlySet<string>): Sink & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async deliver(documents: CreateMemoryRequest[]): Promise<BatchResult> {
      sent.push(...documents.map((d) => d.document_id as string));
      return {
        attempts: 1,
        items: documents.map((d) => (failIds.has(d.document_id as string) ? { status: 'failed', reason: 'HTTP 503' } : { status: 'delivered' })),
      };
    },
  };
}

/** Runs the pipeline once, as `etl run` would, and returns the ledger's failures. */
async function failuresOfRun(source: Source, stages: readonly Stage[], failIds: ReadonlySet<string>): Promise<LedgerEntry[]> {
  const outcomes: RecordOutcome[] = [];
  await runPipeline({
    source,
    stages,
    mapper: keyMapper,
    sink: failingSink(failIds),
    batch: { size: 3, maxBytes: 1e6 },
    recorder: { record: async (o) => void outcomes.push(...o) },
  });
  return outcomes
    .filter((o) => o.status === 'failed' || o.status === 'rejected')
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((o) => ({ ...o, runId: 'run-1', updatedAt: '2024-01-01T00:00:00.000Z' }));
}

async function* listOf<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function redrive(source: Source, stages: readonly Stage[], failures: readonly LedgerEntry[], options: { limit?: number } = {}) {
  const tally = new RedriveTally();
  const items: StageItem[] = [];
  const signal = new AbortController().signal;
  for await (const item of redriveItems({ source, stages, failures: listOf(failures), signal, tally, windowSize: 4, ...options })) {
    items.push(item);
  }
  return { items, tally };
}

const records = (n: number): SourceItem[] => Array.from({ length: n }, (_, i) => ({ position: i, key: `r${String(i).padStart(3, '0')}`, data: { i } }));

describe('redriveItems', () => {
  it('re-reads only the stretches holding failures, one read per run of consecutive failures', async () => {
    const items = records(100);
    const failed = new Set(['doc:r010', 'doc:r011', 'doc:r012', 'doc:r050', 'doc:r099']);
    const failures = await failuresOfRun(countingSource(items).source, [], failed);
    expect(failures.map((f) => [f.key, f.previous])).toEqual([
      ['r010', 9],
      ['r011', 10],
      ['r012', 11],
      ['r050', 49],
      ['r099', 98],
    ]);

    const { source, stats } = countingSource(items);
    const { items: out, tally } = await redrive(source, [], failures);
    expect(out.map((item) => item.sources.map((s) => [s.key, s.previous]))).toEqual([[['r010', 9]], [['r011', 10]], [['r012', 11]], [['r050', 49]], [['r099', 98]]]);
    expect(out.every((item) => item.checkpoint === undefined)).toBe(true);
    // Window of 4: r010..r012 and r050 in one (two reads), r099 in the next.
    expect(stats.reads).toEqual([9, 49, 98]);
    expect(stats.pulled).toBeLessThanOrEqual(7);
    expect(tally).toMatchObject({ considered: 5, notFound: 0, noPosition: 0 });
  });

  it('re-reads a failed conversation window from the start of its group, so it keeps its key', async () => {
    const turns = ['a', 'a', 'b', 'b', 'b', 'b', 'b', 'c'].map((conversation, i) => ({
      position: i,
      key: `r${i}`,
      data: { conversation, role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` },
    }));
    const stages = () => buildStages(transformsConfigSchema.parse({ group: { by: 'conversation', window: { max_turns: 2 } } }));
    const failures = await failuresOfRun(countingSource(turns).source, stages(), new Set(['doc:b:1']));
    expect(failures.map((f) => f.key)).toEqual(['r4', 'r5']);

    const { source, stats } = countingSource(turns);
    const { items, tally } = await redrive(source, stages(), failures);
    expect(items.map((item) => item.kind === 'work' && item.key)).toEqual(['b:1']);
    expect(items[0]?.sources.map((s) => s.key)).toEqual(['r4', 'r5']);
    expect(stats.reads).toEqual([1]);
    expect(tally.notFound).toBe(0);
  });

  it('re-drives every part of a record split into several documents', async () => {
    const conversations: SourceItem[] = [0, 1, 2].map((i) => ({
      position: i,
      key: `c${i}`,
      data: { messages: [1, 2, 3, 4, 5].map((m) => ({ role: m % 2 ? 'user' : 'assistant', content: `c${i} m${m}` })) },
    }));
    const stages = () => buildStages(transformsConfigSchema.parse({ unwind: { window: { max_turns: 2 } } }));
    const failures = await failuresOfRun(countingSource(conversations).source, stages(), new Set(['doc:c1:1']));
    expect(failures.map((f) => [f.key, f.previous])).toEqual([['c1', 0]]);

    const { items } = await redrive(countingSource(conversations).source, stages(), failures);
    expect(items.map((item) => item.kind === 'work' && item.key)).toEqual(['c1:0', 'c1:1', 'c1:2']);
  });

  it('counts failures it cannot re-read: not where they were, or without a recorded position', async () => {
    const failures = await failuresOfRun(countingSource(records(20)).source, [], new Set(['doc:r005', 'doc:r015']));
    const unknown: LedgerEntry = { key: 'r007', position: 7, status: 'rejected', reason: 'old', runId: 'run-0', updatedAt: '2024-01-01T00:00:00.000Z' };
    // The source lost its tail: r015 is gone.
    const { items, tally } = await redrive(countingSource(records(12)).source, [], [...failures, unknown]);
    expect(items.map((item) => item.sources[0]?.key)).toEqual(['r005']);
    expect(tally).toMatchObject({ considered: 3, notFound: 1, noPosition: 1 });
    expect(tally.samples).toEqual({ notFound: ['r015'], noPosition: ['r007'] });
  });

  it('reports a record that is no longer the one after its previous position as not found', async () => {
    const failures = await failuresOfRun(countingSource(records(10)).source, [], new Set(['doc:r004']));
    const shifted = records(10).map((item, i) => (i === 4 ? { ...item, key: 'r004-new' } : item));
    const { items, tally } = await redrive(countingSource(shifted).source, [], failures);
    expect(items).toEqual([]);
    expect(tally.notFound).toBe(1);
  });

  it('stops after `limit` failures', async () => {
    const failed = new Set(records(30).filter((_, i) => i % 3 === 0).map((r) => `doc:${r.key}`));
    const failures = await failuresOfRun(countingSource(records(30)).source, [], failed);
    expect(failures).toHaveLength(10);
    const { items, tally } = await redrive(countingSource(records(30)).source, [], failures, { limit: 4 });
    expect(items.map((item) => item.sources[0]?.key)).toEqual(['r000', 'r003', 'r006', 'r009']);
    expect(tally.considered).toBe(4);
  });
});
