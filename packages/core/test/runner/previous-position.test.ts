import { describe, expect, it } from 'vitest';
import { buildStages, runPipeline, transformsConfigSchema } from '@synap-etl/core';
import type { RecordOutcome, SourceItem, StageItem } from '@synap-etl/core';
import { arraySource, passThroughMapper, recorder, records, scriptedSink } from './fakes.js';

const previousByKey = (outcomes: RecordOutcome[]) => new Map(outcomes.map((o) => [o.key, o.previous]));

describe('runPipeline: where a re-read of each record starts (previous)', () => {
  it('is the position of the record read just before, null for the first record of the source', async () => {
    const items: SourceItem[] = records(30, (i) => (i === 12 ? '' : `m${i}`));
    const rec = recorder();
    await runPipeline({ source: arraySource(items).source, mapper: passThroughMapper, sink: scriptedSink({}).sink, recorder: rec, batch: { size: 4, maxBytes: 1e6 } });
    const previous = previousByKey(rec.outcomes);
    expect(previous.size).toBe(30);
    expect(previous.get('r0')).toBeNull();
    for (let i = 1; i < 30; i++) expect(previous.get(`r${i}`)).toBe(i - 1);
    expect(rec.outcomes.find((o) => o.key === 'r12')).toMatchObject({ status: 'rejected', previous: 11 });
  });

  it('continues from the resume point on a resumed run', async () => {
    const rec = recorder();
    await runPipeline({ source: arraySource(records(10)).source, after: 6, mapper: passThroughMapper, sink: scriptedSink({}).sink, recorder: rec });
    expect(rec.outcomes.map((o) => [o.key, o.previous])).toEqual([
      ['r7', 6],
      ['r8', 7],
      ['r9', 8],
    ]);
  });

  it('is the start of the group for every record of a grouped conversation', async () => {
    const rows = [
      ['a', 'user', 'a1'],
      ['a', 'assistant', 'a2'],
      ['b', 'user', 'b1'],
      ['b', 'system', 'ignored'],
      ['b', 'assistant', 'b2'],
      ['b', 'user', 'b3'],
      ['c', 'user', 'c1'],
    ];
    const items: SourceItem[] = rows.map(([conversation, role, content], i) => ({
      position: i,
      key: `r${i}`,
      data: { conversation, role, content },
    }));
    const stages = buildStages(transformsConfigSchema.parse({ group: { by: 'conversation', window: { max_turns: 2 } } }));
    const mapper = { map: (item: { key: string; data: Record<string, unknown> }) => ({ ok: true as const, request: { document: String(item.data.transcript), document_id: item.key } }) };
    const rec = recorder();
    await runPipeline({ source: arraySource(items).source, stages, mapper, sink: scriptedSink({}).sink, recorder: rec });
    const previous = previousByKey(rec.outcomes);
    expect([previous.get('r0'), previous.get('r1')]).toEqual([null, null]);
    // Conversation b spans two windows and a filtered record: all of it re-reads from after a's last record.
    expect(['r2', 'r3', 'r4', 'r5'].map((k) => previous.get(k))).toEqual([1, 1, 1, 1]);
    expect(previous.get('r6')).toBe(5);
  });

  it('over given items, delivers them with the previous they carry and never moves the checkpoint', async () => {
    const given: StageItem[] = [
      { kind: 'work', key: 'r4', data: { text: 'four' }, sources: [{ key: 'r4', position: 4, previous: 3 }] },
      { kind: 'settled', status: 'rejected', reason: 'still bad', sources: [{ key: 'r9', position: 9, previous: 8 }] },
      { kind: 'work', key: 'r20', data: { text: 'twenty' }, sources: [{ key: 'r20', position: 20, previous: null }] },
    ];
    const { sink, batches } = scriptedSink({});
    const rec = recorder();
    const summary = await runPipeline({
      items: async function* () {
        yield* given;
      },
      mapper: passThroughMapper,
      sink,
      recorder: rec,
    });
    expect(batches.flat().map((d) => d.document_id)).toEqual(['doc:r4', 'doc:r20']);
    expect(rec.outcomes.map((o) => [o.key, o.status, o.previous])).toEqual([
      ['r9', 'rejected', 8],
      ['r4', 'delivered', 3],
      ['r20', 'delivered', null],
    ]);
    expect(rec.checkpoints).toEqual([]);
    expect(summary.counts).toMatchObject({ read: 3, delivered: 2, rejected: 1 });
  });
});
