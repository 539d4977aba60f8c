import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SettledItem, StageItem, WorkItem } from '../../src/index.js';
import { buildStages } from '../../src/transforms/index.js';
import { checkpointViolation, collect, config, positions, runStages, works } from './helpers.js';

const message = fc.record({
  role: fc.constantFrom('user', 'assistant', 'system', 'tool'),
  content: fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/\s/g, '_'))),
  flag: fc.constantFrom('keep', 'keep', 'keep', 'drop'),
  /** Some positions are records the source could not decode: the runner rejects them before any stage. */
  undecodable: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});
const windowConfig = fc.record(
  { max_turns: fc.integer({ min: 1, max: 5 }), max_chars: fc.integer({ min: 10, max: 80 }) },
  { requiredKeys: [] },
);

type Row = { conversation_id: string; role: string; content: string; flag: string; undecodable: boolean };

function toItems(rows: Row[]): StageItem[] {
  return rows.map(({ undecodable, ...data }, i): StageItem => {
    const ref = { position: i + 1, key: `r${i + 1}` };
    return undecodable
      ? { kind: 'settled', status: 'rejected', reason: 'undecodable', sources: [ref], checkpoint: i + 1 }
      : { kind: 'work', key: ref.key, data, sources: [ref], checkpoint: i + 1 };
  });
}

function stagesFor(window: Record<string, number>) {
  return buildStages(config({ filters: [{ field: 'flag', in: ['drop'] }], group: { by: 'conversation_id', window } }));
}

/** Each input position with the items it ended in. */
function endings(out: StageItem[], count: number): StageItem[][] {
  const byPosition: StageItem[][] = Array.from({ length: count + 1 }, () => []);
  for (const item of out) for (const p of positions(item)) byPosition[p as number]!.push(item);
  return byPosition.slice(1);
}

describe('accounting (property)', () => {
  it('every message of an ordered source ends in exactly one document or is counted as filtered', async () => {
    const conversations = fc.array(fc.array(message, { minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(conversations, windowConfig, async (convs, window) => {
        const rows: Row[] = convs.flatMap((msgs, c) => msgs.map((m) => ({ conversation_id: `c${c}`, ...m })));
        const out = await collect(runStages(stagesFor(window), toItems(rows)));

        endings(out, rows.length).forEach((items, i) => {
          const row = rows[i]!;
          expect(items, `position ${i + 1}`).toHaveLength(1);
          const [item] = items as [StageItem];
          const isTurn = ['user', 'assistant'].includes(row.role) && row.content.trim() !== '' && row.flag === 'keep';
          if (row.undecodable) expect(item).toMatchObject({ kind: 'settled', status: 'rejected' });
          else if (isTurn) expect(item.kind).toBe('work');
          else expect(item).toMatchObject({ kind: 'settled', status: 'filtered' });
        });

        for (const [c] of convs.entries()) {
          const docs = works(out).filter((w) => w.data.conversation_id === `c${c}`);
          expect(docs.map((d) => d.key)).toEqual(docs.map((_, i) => `c${c}:${i}`));
          for (const doc of docs) {
            const count = doc.data.message_count as number;
            expect((doc.data.transcript as string).split('\n')).toHaveLength(count);
            if (window.max_turns !== undefined) expect(count).toBeLessThanOrEqual(window.max_turns);
            if (window.max_chars !== undefined && count > 1) {
              expect((doc.data.transcript as string).length).toBeLessThanOrEqual(window.max_chars);
            }
          }
        }
        expect(checkpointViolation(out, rows.map((_, i) => i + 1))).toBeUndefined();
        // Resuming after a checkpoint must re-read whole groups: no checkpoint falls between two records that
        // reached the grouping stage (undecodable and filtered ones settle before it) of one conversation.
        const checkpoints = out.flatMap((item) => (item.checkpoint === undefined ? [] : [item.checkpoint as number]));
        for (const c of convs.keys()) {
          const grouped = (row: Row) => row.conversation_id === `c${c}` && !row.undecodable && row.flag === 'keep';
          const at = rows.flatMap((row, i) => (grouped(row) ? [i + 1] : []));
          if (at.length === 0) continue;
          const inside = checkpoints.filter((p) => p >= at[0]! && p < at.at(-1)!);
          expect(inside, `checkpoints inside c${c} (${at.join(',')})`).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an unordered source is never silently split: late records are rejected, each accounted once', async () => {
    const rows = fc.array(
      fc.record({ conversation_id: fc.constantFrom('a', 'b', 'c', 'd'), role: fc.constantFrom('user', 'assistant'), content: fc.constant('hi') }),
      { maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(rows, async (input) => {
        const items = toItems(input.map((r) => ({ ...r, flag: 'keep', undecodable: false })));
        const out = await collect(runStages(stagesFor({ max_turns: 3 }), items));
        for (const ended of endings(out, input.length)) expect(ended).toHaveLength(1);

        // A key's accepted records are exactly its first contiguous run of the input.
        const firstRun = new Map<string, number[]>();
        const closed = new Set<string>();
        let previous: string | undefined;
        input.forEach((row, i) => {
          if (previous !== undefined && previous !== row.conversation_id) closed.add(previous);
          if (!closed.has(row.conversation_id)) firstRun.set(row.conversation_id, [...(firstRun.get(row.conversation_id) ?? []), i + 1]);
          previous = row.conversation_id;
        });
        const docs = works(out);
        expect(new Set(docs.map((d: WorkItem) => d.key)).size).toBe(docs.length);
        for (const [key, expected] of firstRun) {
          expect(docs.filter((d) => d.data.conversation_id === key).flatMap(positions)).toEqual(expected);
        }
        const rejected = out.filter((i): i is SettledItem => i.kind === 'settled');
        expect(rejected.length).toBe(input.length - [...firstRun.values()].flat().length);
        for (const r of rejected) expect(r.reason).toMatch(/not ordered by conversation_id/);
        expect(checkpointViolation(out, input.map((_, i) => i + 1))).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('every unwound record ends as all its parts or as one settled item', async () => {
    const records = fc.array(fc.record({ messages: fc.array(message, { maxLength: 10 }) }), { maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(records, windowConfig, async (input, window) => {
        const items = input.map((data, i): StageItem => ({ kind: 'work', key: `r${i + 1}`, data, sources: [{ position: i + 1, key: `r${i + 1}` }], checkpoint: i + 1 }));
        const out = await collect(runStages(buildStages(config({ unwind: { window } })), items));
        endings(out, input.length).forEach((ended, i) => {
          const usable = input[i]!.messages.filter((m) => ['user', 'assistant'].includes(m.role) && m.content.trim() !== '');
          if (usable.length === 0) {
            expect(ended).toHaveLength(1);
            expect(ended[0]).toMatchObject({ kind: 'settled', status: 'filtered' });
            return;
          }
          const parts = ended.map((item) => item.sources[0]!.part);
          expect(parts).toEqual(ended.map((_, index) => ({ index, count: ended.length })));
          expect(ended.reduce((n, item) => n + ((item as WorkItem).data.message_count as number), 0)).toBe(usable.length);
        });
        expect(checkpointViolation(out, input.map((_, i) => i + 1))).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
