import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/index.js';
import type { SettledItem } from '../../src/index.js';
import { buildStages, transformsConfigSchema } from '../../src/transforms/index.js';
import { collect, config, positions, runStages, workItems } from './helpers.js';

/** Runs filters over rows; returns, per row, 'kept' or `${status}: ${reason}`. */
async function verdicts(filters: unknown[], rows: Array<Record<string, unknown>>, liquid?: Liquid): Promise<string[]> {
  const out = await collect(runStages(buildStages(config({ filters }), liquid ? { liquid } : {}), workItems(rows)));
  expect(out.flatMap(positions)).toEqual(rows.map((_, i) => i + 1));
  return out.map((item) => (item.kind === 'work' ? 'kept' : `${item.status}: ${item.reason}`));
}

describe('filters', () => {
  it('skip_if skips records where a Liquid expression holds, with the default or given reason', async () => {
    const rows = [{ content: '' }, { content: '   ' }, { content: 'hi' }, {}];
    expect(await verdicts([{ skip_if: 'content == blank' }], rows)).toEqual([
      'filtered: skip_if: content == blank',
      'filtered: skip_if: content == blank',
      'kept',
      'filtered: skip_if: content == blank',
    ]);
    expect(await verdicts([{ skip_if: 'content == blank', reason: 'empty message' }], rows.slice(0, 1))).toEqual(['filtered: empty message']);
  });

  it('skip_if follows Liquid truthiness: an empty string or 0 is truthy, nil and false are not', async () => {
    expect(await verdicts([{ skip_if: 'flag' }], [{ flag: '' }, { flag: 0 }, { flag: false }, { flag: null }, {}])).toEqual([
      'filtered: skip_if: flag',
      'filtered: skip_if: flag',
      'kept',
      'kept',
      'kept',
    ]);
  });

  it('skip_if sees nested fields and combines conditions', async () => {
    const expr = 'role == "system" and meta.channel != "chat"';
    expect(await verdicts([{ skip_if: expr }], [
      { role: 'system', meta: { channel: 'email' } },
      { role: 'system', meta: { channel: 'chat' } },
      { role: 'user', meta: { channel: 'email' } },
    ])).toEqual([`filtered: skip_if: ${expr}`, 'kept', 'kept']);
  });

  it('skip_if can use the filters of a given Liquid engine', async () => {
    const liquid = new Liquid();
    liquid.registerFilter('is_bot', (v: unknown) => String(v).startsWith('bot-'));
    expect(await verdicts([{ skip_if: 'user_id | is_bot' }], [{ user_id: 'bot-7' }, { user_id: 'u-1' }], liquid)).toEqual([
      'filtered: skip_if: user_id | is_bot',
      'kept',
    ]);
  });

  it('a skip_if that cannot be parsed is a config error naming its path', () => {
    let error: unknown;
    try {
      buildStages(config({ filters: [{ field: 'a', empty: true }, { skip_if: 'content | no_such_filter' }] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.path).toBe('filters[1].skip_if');
    expect((error as ConfigError).hint).toBeTruthy();
  });

  it('in / not_in skip by role, comparing as text', async () => {
    const rows = [{ role: 'system' }, { role: 'tool' }, { role: 'user' }, { role: 1 }, {}];
    expect(await verdicts([{ field: 'role', in: ['system', 'tool', '1'] }], rows)).toEqual([
      "filtered: role 'system' is excluded by a filter",
      "filtered: role 'tool' is excluded by a filter",
      'kept',
      "filtered: role '1' is excluded by a filter",
      'kept',
    ]);
    expect(await verdicts([{ field: 'role', not_in: ['user', 'assistant'], reason: 'not a chat turn' }], rows)).toEqual([
      'filtered: not a chat turn',
      'filtered: not a chat turn',
      'kept',
      'filtered: not a chat turn',
      'filtered: not a chat turn',
    ]);
  });

  it('empty skips missing, null, blank and empty-array values', async () => {
    expect(await verdicts([{ field: 'content', empty: true }], [{}, { content: null }, { content: ' \n' }, { content: [] }, { content: 'x' }, { content: 0 }])).toEqual([
      'filtered: content is empty',
      'filtered: content is empty',
      'filtered: content is empty',
      'filtered: content is empty',
      'kept',
      'kept',
    ]);
  });

  it('before/after keep a date range, reading ISO strings, SQL strings, Dates and epoch numbers', async () => {
    const filter = { field: 'created_at', after: '2023-12-31T23:59:59Z', before: '2023-01-01' };
    const rows = [
      { created_at: '2022-12-31T23:59:59Z' },
      { created_at: '2023-01-01T00:00:00Z' },
      { created_at: '2023-06-01 12:00:00' },
      { created_at: new Date('2024-01-01T00:00:00Z') },
      { created_at: 1_700_000_000 }, // 2023-11-14, epoch seconds
      { created_at: 1_710_000_000_000 }, // 2024-03-09, epoch milliseconds
      { created_at: 'yesterday' },
    ];
    expect(await verdicts([filter], rows)).toEqual([
      'filtered: created_at is before 2023-01-01',
      'kept',
      'kept',
      'filtered: created_at is after 2023-12-31T23:59:59Z',
      'kept',
      'filtered: created_at is after 2023-12-31T23:59:59Z',
      'rejected: created_at holds no readable date/time, so the date filter cannot apply',
    ]);
  });

  it('the first filter that holds names the reason; settled items keep their checkpoint', async () => {
    const out = await collect(runStages(buildStages(config({ filters: [{ field: 'role', in: ['system'] }, { skip_if: 'true', reason: 'all' }] })), workItems([{ role: 'system' }])));
    expect(out[0]).toMatchObject({ kind: 'settled', status: 'filtered', field: 'role', checkpoint: 1 } satisfies Partial<SettledItem>);
  });

  it('the schema refuses a field filter without condition and an unreadable date', () => {
    expect(transformsConfigSchema.safeParse({ filters: [{ field: 'role' }] }).success).toBe(false);
    const bad = transformsConfigSchema.safeParse({ filters: [{ field: 'created_at', before: 'soon' }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('not a date/time');
  });
});
