import { describe, expect, it } from 'vitest';
import type { SettledItem, StageItem } from '../../src/index.js';
import { buildStages } from '../../src/transforms/index.js';
import { checkpointViolation, collect, config, positions, runStages, workItems, works } from './helpers.js';

const rows = [
  { c: 'a', role: 'user', content: 'a1' },
  { c: 'a', role: 'system', content: 'sys' },
  { c: 'a', role: 'assistant', content: 'a2' },
  { c: 'a', role: 'user', content: 'a3' },
  { c: 'a', role: 'assistant', content: 'a4' },
  { c: 'b', role: 'user', content: 'b1' },
  { c: 'b', role: 'assistant', content: 'b2' },
  { c: 'b', role: 'user', content: 'b3' },
  { c: 'c', role: 'user', content: 'c1' },
];
const stagesFor = () =>
  buildStages(config({ group: { by: 'c', window: { max_turns: 2 } }, filters: [{ field: 'content', in: ['drop-me'] }] }));

describe('checkpoints with grouping', () => {
  it('never hands out a checkpoint past a record still held in an open group', async () => {
    const out = await collect(runStages(stagesFor(), workItems(rows)));
    expect(checkpointViolation(out, rows.map((_, i) => i + 1))).toBeUndefined();
    expect(out.map((item) => [item.kind === 'work' ? item.key : `filtered@${String(item.sources[0]!.position)}`, item.checkpoint])).toEqual([
      ['filtered@2', undefined], // the system message of open group a
      ['a:0', undefined], // a window that closed before its group ended
      ['a:1', 5], // the group's last window: everything up to record 5 is out
      ['b:0', undefined],
      ['b:1', 8],
      ['c:0', 9],
    ]);
  });

  it('strips checkpoints from rejected and filtered records passing while a group is open', async () => {
    const input: StageItem[] = workItems(rows.slice(0, 5));
    const undecodable: SettledItem = { kind: 'settled', status: 'rejected', reason: 'bad line', sources: [{ position: 6, key: 'r6' }], checkpoint: 6 };
    const after = workItems([{ c: 'a', role: 'user', content: 'a5' }, { c: 'z', role: 'user', content: 'z1' }, { c: 'z', role: 'user', content: 'drop-me' }], 7);
    const out = await collect(runStages(stagesFor(), [...input, undecodable, ...after]));
    const passing = out.find((item) => item.kind === 'settled' && item.reason === 'bad line');
    expect(passing).toBeDefined();
    expect(passing!.checkpoint).toBeUndefined();
    const filtered = out.find((item) => item.kind === 'settled' && item.status === 'filtered' && positions(item)[0] === 9);
    expect(filtered?.checkpoint).toBeUndefined();
    expect(checkpointViolation(out, [1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeUndefined();
    // The last item out carries the final checkpoint.
    expect(out.at(-1)!.checkpoint).toBe(9);
  });

  it('keeps checkpoints of items passing between groups', async () => {
    const out = await collect(runStages(buildStages(config({ group: { by: 'c' } })), workItems([
      { c: 'a', role: 'user', content: 'x' },
      { c: 'a', role: 'system', content: 'y' },
      { c: 'b', role: 'system', content: 'z' },
    ])));
    // a's document carries 2; b's only record is filtered and b emits no document, so its filtered item carries
    // the checkpoint when b ends (else a run ending here would re-read and re-account record 3 next time).
    expect(out.map((i) => [positions(i), i.checkpoint])).toEqual([
      [[2], undefined],
      [[1], 2],
      [[3], 3],
    ]);
  });

  it('re-windows a group re-read after a resume into the same document ids', async () => {
    const full = await collect(runStages(stagesFor(), workItems(rows)));
    // Interrupted after a:1 and b:0 were emitted; the durable checkpoint can only be a:1's (5).
    const emittedBeforeCrash = full.slice(0, 4);
    const checkpoint = emittedBeforeCrash.map((i) => i.checkpoint).filter((c) => c !== undefined).at(-1) as number;
    expect(checkpoint).toBe(5);
    const resumed = await collect(runStages(stagesFor(), workItems(rows.slice(checkpoint), checkpoint + 1)));
    const key = (i: StageItem) => (i.kind === 'work' ? `${i.key}=${positions(i).join(',')}` : `settled=${positions(i).join(',')}`);
    expect(resumed.map(key)).toEqual(full.slice(3).map(key));
    // Together the two runs account for every record, b:0 twice (deduped by document_id downstream).
    const seen = [...emittedBeforeCrash, ...resumed].flatMap(positions);
    expect(new Set(seen)).toEqual(new Set(rows.map((_, i) => i + 1)));
  });

  it('produces identical window ids and contents on two runs', async () => {
    const run = async () =>
      works(await collect(runStages(stagesFor(), workItems(rows)))).map((w) => ({ key: w.key, transcript: w.data.transcript, sources: positions(w) }));
    const first = await run();
    expect(first.map((w) => w.key)).toEqual(['a:0', 'a:1', 'b:0', 'b:1', 'c:0']);
    expect(await run()).toEqual(first);
  });
});
