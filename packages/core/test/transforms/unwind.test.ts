import { describe, expect, it } from 'vitest';
import { buildStages } from '../../src/transforms/index.js';
import { checkpointViolation, collect, config, runStages, settled, workItems, works } from './helpers.js';

const conversation = (n: number, extra: Record<string, unknown> = {}) => ({
  _id: 'conv-1',
  user_id: 'u1',
  messages: Array.from({ length: n }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: `turn ${i}`,
    at: `2024-03-10T10:0${i}:00Z`,
  })),
  ...extra,
});

describe('unwind', () => {
  it('turns a messages array into one transcript document with the record fields', async () => {
    const out = works(await collect(runStages(buildStages(config({ unwind: { field: 'messages', time: 'at', created_at: 'last' } })), workItems([conversation(2)]))));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: 'r1:0', sources: [{ position: 1, key: 'r1', part: { index: 0, count: 1 } }], checkpoint: 1 });
    expect(out[0]!.data).toMatchObject({
      _id: 'conv-1',
      user_id: 'u1',
      transcript: 'User: turn 0\nAssistant: turn 1',
      message_count: 2,
      window: 0,
      first_at: '2024-03-10T10:00:00Z',
      last_at: '2024-03-10T10:01:00Z',
      created_at: '2024-03-10T10:01:00Z',
    });
    expect(out[0]!.data.messages).toHaveLength(2);
  });

  it('windows a long array into parts of one record; only the last part carries the checkpoint', async () => {
    const stages = buildStages(config({ unwind: { window: { max_turns: 2 } } }));
    const out = await collect(runStages(stages, workItems([conversation(5), conversation(1, { _id: 'conv-2' })])));
    expect(out.map((w) => [w.kind === 'work' ? w.key : '', w.sources, w.checkpoint])).toEqual([
      ['r1:0', [{ position: 1, key: 'r1', part: { index: 0, count: 3 } }], undefined],
      ['r1:1', [{ position: 1, key: 'r1', part: { index: 1, count: 3 } }], undefined],
      ['r1:2', [{ position: 1, key: 'r1', part: { index: 2, count: 3 } }], 1],
      ['r2:0', [{ position: 2, key: 'r2', part: { index: 0, count: 1 } }], 2],
    ]);
    expect(works(out).map((w) => w.data.transcript)).toEqual([
      'User: turn 0\nAssistant: turn 1',
      'User: turn 2\nAssistant: turn 3',
      'User: turn 4',
      'User: turn 0',
    ]);
    expect(checkpointViolation(out, [1, 2])).toBeUndefined();
  });

  it('leaves unmapped roles and blank messages out of the transcript', async () => {
    const record = {
      messages: [
        { role: 'system', content: 'be nice' },
        { role: 'user', content: 'hi' },
        { role: 'tool', content: '{}' },
        { role: 'assistant', content: '' },
        'not a message',
        { role: 'assistant', content: 'hello' },
      ],
    };
    const out = works(await collect(runStages(buildStages(config({ unwind: {} })), workItems([record]))));
    expect(out[0]!.data.transcript).toBe('User: hi\nAssistant: hello');
    expect(out[0]!.data.message_count).toBe(2);
  });

  it('filters a record with no usable message and rejects one without an array', async () => {
    const out = await collect(runStages(buildStages(config({ unwind: {} })), workItems([
      { messages: [] },
      { messages: [{ role: 'system', content: 'x' }] },
      { messages: 'hello' },
      { other: 1 },
    ])));
    expect(settled(out).map((s) => [s.status, s.reason, s.checkpoint])).toEqual([
      ['filtered', 'messages is empty', 1],
      ['filtered', 'no message in messages has a mapped role and text', 2],
      ['rejected', 'messages is not an array; expected an array of messages', 3],
      ['rejected', 'messages is missing; expected an array of messages', 4],
    ]);
  });

  it('refuses group and unwind together', () => {
    expect(() => buildStages(config({ group: { by: 'c' }, unwind: {} }))).toThrow(/group and unwind cannot both be set/);
  });
});
