import { describe, expect, it } from 'vitest';
import type { StageItem } from '../../src/index.js';
import { buildStages } from '../../src/transforms/index.js';
import { collect, config, positions, runStages, settled, workItems, works } from './helpers.js';

const msg = (conversation_id: string, role: string, content: string, minute: number, extra: Record<string, unknown> = {}) => ({
  conversation_id,
  role,
  content,
  created_at: `2024-03-10T10:${String(minute).padStart(2, '0')}:00Z`,
  user_id: 'u1',
  ...extra,
});

const groupConfig = (group: Record<string, unknown> = {}) =>
  config({ group: { by: 'conversation_id', role: 'role', text: 'content', time: 'created_at', ...group } });

describe('group', () => {
  it('turns consecutive messages of a conversation into one labelled transcript', async () => {
    const out = await collect(
      runStages(buildStages(groupConfig()), workItems([
        msg('c1', 'user', 'I prefer aisle seats', 0),
        msg('c1', 'assistant', 'Noted: aisle seats.', 1),
        msg('c2', 'user', 'Cancel my order', 2),
      ])),
    );
    expect(out).toHaveLength(2);
    const [first, second] = works(out);
    expect(first!.key).toBe('c1:0');
    expect(first!.data.transcript).toBe('User: I prefer aisle seats\nAssistant: Noted: aisle seats.');
    expect(first!.data).toMatchObject({
      conversation_id: 'c1',
      user_id: 'u1',
      window: 0,
      message_count: 2,
      first_at: '2024-03-10T10:00:00Z',
      last_at: '2024-03-10T10:01:00Z',
      created_at: '2024-03-10T10:00:00Z',
    });
    expect(first!.data.messages).toEqual([
      { role: 'user', speaker: 'User', text: 'I prefer aisle seats', time: '2024-03-10T10:00:00Z' },
      { role: 'assistant', speaker: 'Assistant', text: 'Noted: aisle seats.', time: '2024-03-10T10:01:00Z' },
    ]);
    expect(first!.data).not.toHaveProperty('content');
    expect(first!.data).not.toHaveProperty('role');
    expect(positions(first!)).toEqual([1, 2]);
    expect(second!.key).toBe('c2:0');
    expect(positions(second!)).toEqual([3]);
  });

  it('uses the last message time as created_at when asked', async () => {
    const out = works(await collect(runStages(buildStages(groupConfig({ created_at: 'last' })), workItems([
      msg('c1', 'user', 'a', 0),
      msg('c1', 'assistant', 'b', 5),
    ]))));
    expect(out[0]!.data.created_at).toBe('2024-03-10T10:05:00Z');
  });

  it('drops unmapped roles and blank messages from the transcript, counting each as filtered', async () => {
    const out = await collect(runStages(buildStages(groupConfig()), workItems([
      msg('c1', 'system', 'You are a travel agent', 0),
      msg('c1', 'user', 'Book Lisbon', 1),
      msg('c1', 'tool', '{"flights": 3}', 2),
      msg('c1', 'assistant', '   ', 3),
      msg('c1', 'Assistant', 'Booked.', 4),
    ])));
    expect(settled(out).map((s) => [positions(s), s.status, s.reason])).toEqual([
      [[1], 'filtered', "role 'system' not mapped"],
      [[3], 'filtered', "role 'tool' not mapped"],
      [[4], 'filtered', "empty message (field 'content')"],
    ]);
    const [doc] = works(out);
    expect(doc!.data.transcript).toBe('User: Book Lisbon\nAssistant: Booked.');
    expect(positions(doc!)).toEqual([2, 5]);
  });

  it('maps custom speakers, including roles dropped by default', async () => {
    const out = works(await collect(runStages(buildStages(groupConfig({ speakers: { customer: 'Customer', agent: 'Agent', system: 'System' } })), workItems([
      msg('c1', 'system', 'Be brief', 0),
      msg('c1', 'customer', 'Hi', 1),
      msg('c1', 'agent', 'Hello', 2),
    ]))));
    expect(out[0]!.data.transcript).toBe('System: Be brief\nCustomer: Hi\nAgent: Hello');
  });

  it('reads multi-part content arrays', async () => {
    const out = works(await collect(runStages(buildStages(groupConfig()), workItems([
      msg('c1', 'user', '', 0, { content: [{ type: 'text', text: 'Look at this' }, { type: 'image_url', url: 'x' }, 'and this'] }),
    ]))));
    expect(out[0]!.data.transcript).toBe('User: Look at this\nand this');
  });

  it('splits long conversations into windows with stable ids by max_turns', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => msg('c1', i % 2 ? 'assistant' : 'user', `m${i}`, i));
    const out = works(await collect(runStages(buildStages(groupConfig({ window: { max_turns: 3 } })), workItems(rows))));
    expect(out.map((w) => w.key)).toEqual(['c1:0', 'c1:1', 'c1:2']);
    expect(out.map((w) => w.data.message_count)).toEqual([3, 3, 1]);
    expect(out.map((w) => w.data.window)).toEqual([0, 1, 2]);
    expect(out.map(positions)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(out[1]!.data.first_at).toBe('2024-03-10T10:03:00Z');
    expect(out[1]!.data.transcript).toBe('Assistant: m3\nUser: m4\nAssistant: m5');
  });

  it('splits by max_chars counting the transcript as sent, and keeps an oversized message whole', async () => {
    // 'User: aaaa' is 10 characters; two lines and a newline make 21.
    const rows = [msg('c1', 'user', 'aaaa', 0), msg('c1', 'user', 'bbbb', 1), msg('c1', 'user', 'x'.repeat(50), 2), msg('c1', 'user', 'cccc', 3)];
    const out = works(await collect(runStages(buildStages(groupConfig({ window: { max_chars: 21 } })), workItems(rows))));
    expect(out.map((w) => w.data.transcript)).toEqual(['User: aaaa\nUser: bbbb', `User: ${'x'.repeat(50)}`, 'User: cccc']);
    for (const w of out) expect(w.key).toBe(`c1:${w.data.window as number}`);
  });

  it('groups by several fields without ambiguous keys', async () => {
    const stages = buildStages(config({ group: { by: ['tenant', 'conversation_id'] } }));
    const out = works(await collect(runStages(stages, workItems([
      { tenant: 'a:b', conversation_id: 'c', role: 'user', content: 'x' },
      { tenant: 'a', conversation_id: 'b:c', role: 'user', content: 'y' },
    ]))));
    expect(out.map((w) => w.key)).toEqual(['a%3Ab:c:0', 'a:b%3Ac:0']);
  });

  it('rejects a record without a group key, naming the field', async () => {
    const out = await collect(runStages(buildStages(groupConfig()), workItems([msg('c1', 'user', 'a', 0), msg('', 'user', 'b', 1), msg('c1', 'user', 'c', 2)])));
    const [rejected] = settled(out);
    expect(rejected).toMatchObject({ status: 'rejected', field: 'conversation_id' });
    expect(positions(rejected!)).toEqual([2]);
    // The keyless record does not end c1's group.
    expect(works(out).map(positions)).toEqual([[1, 3]]);
  });

  it('keeps a group whole across source pages and downstream batches', async () => {
    // A paged source: pages of 3 records fetched lazily, with groups straddling every page edge.
    const rows = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c', 'c', 'd'].map((c, i) => msg(c, i % 2 ? 'assistant' : 'user', `t${i}`, i));
    const items = workItems(rows);
    let pagesFetched = 0;
    async function* pagedSource(): AsyncGenerator<StageItem> {
      for (let page = 0; page * 3 < items.length; page++) {
        pagesFetched++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield* items.slice(page * 3, page * 3 + 3);
      }
    }
    const batches: string[][] = [];
    let batch: string[] = [];
    for await (const item of runStages(buildStages(groupConfig({ window: { max_turns: 4 } })), pagedSource())) {
      if (item.kind === 'work') batch.push(`${item.key}=${positions(item).join(',')}`);
      if (batch.length === 2) {
        batches.push(batch);
        batch = [];
      }
    }
    if (batch.length > 0) batches.push(batch);
    expect(pagesFetched).toBe(4);
    expect(batches).toEqual([
      ['a:0=1,2,3,4', 'b:0=5,6'],
      ['c:0=7,8,9,10', 'c:1=11'],
      ['d:0=12'],
    ]);
  });

  it('pulls records only as output is consumed (backpressure)', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<StageItem> {
      for (let i = 1; ; i++) {
        pulled++;
        yield workItems([msg(`c${Math.ceil(i / 2)}`, 'user', `m${i}`, i % 60)], i)[0]!;
      }
    }
    const iterator = runStages(buildStages(groupConfig()), endless())[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ key: 'c1:0' });
    // c1 is records 1-2; record 3 (c2) had to be read to know c1 ended, and nothing more.
    expect(pulled).toBe(3);
    await iterator.return?.(undefined);
  });
});

describe('group ordering', () => {
  it('rejects records of a conversation seen again after it ended, never splitting it', async () => {
    const out = await collect(runStages(buildStages(groupConfig()), workItems([
      msg('c1', 'user', 'a', 0),
      msg('c1', 'assistant', 'b', 1),
      msg('c2', 'user', 'c', 2),
      msg('c1', 'user', 'late', 3),
      msg('c1', 'assistant', 'later', 4),
      msg('c3', 'user', 'd', 5),
    ])));
    expect(works(out).map((w) => [w.key, positions(w)])).toEqual([
      ['c1:0', [1, 2]],
      ['c2:0', [3]],
      ['c3:0', [6]],
    ]);
    const rejected = settled(out);
    expect(rejected.map(positions)).toEqual([[4], [5]]);
    for (const r of rejected) {
      expect(r.status).toBe('rejected');
      expect(r.reason).toContain("conversation_id 'c1'");
      expect(r.reason).toContain('ended at record #2');
      expect(r.reason).toMatch(/order it by the group key/);
    }
  });

  it('rejects a message that goes back in time within its conversation when order_by is set', async () => {
    const out = await collect(runStages(buildStages(groupConfig({ order_by: 'created_at' })), workItems([
      msg('c1', 'user', 'a', 5),
      msg('c1', 'assistant', 'b', 3),
      msg('c1', 'user', 'c', 6),
    ])));
    expect(settled(out)).toHaveLength(1);
    expect(settled(out)[0]).toMatchObject({ status: 'rejected', field: 'created_at' });
    expect(settled(out)[0]!.reason).toMatch(/goes backwards within conversation_id 'c1'/);
    expect(works(out).map(positions)).toEqual([[1, 3]]);
  });

  it('accepts equal order values and Date objects', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    const out = await collect(runStages(buildStages(groupConfig({ order_by: 'created_at' })), workItems([
      msg('c1', 'user', 'a', 0, { created_at: at }),
      msg('c1', 'assistant', 'b', 0, { created_at: new Date(at) }),
      msg('c1', 'user', 'c', 0, { created_at: new Date(at.getTime() + 1) }),
    ])));
    expect(settled(out)).toHaveLength(0);
    expect(works(out)[0]!.data.created_at).toEqual(at);
  });
});
