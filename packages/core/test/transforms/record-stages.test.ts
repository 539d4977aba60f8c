import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildStages, pseudonym, transformsConfigSchema } from '../../src/transforms/index.js';
import { collect, config, runStages, settled, workItems, works } from './helpers.js';

const SALT = 'a-team-secret-of-some-length';
const OTHER_SALT = 'another-secret-of-some-length';

describe('defaults', () => {
  it('fills missing and null fields, leaving present values (even empty ones) alone', async () => {
    const rows = [{ customer_id: null }, {}, { customer_id: 'globex' }, { customer_id: '' }];
    const out = works(await collect(runStages(buildStages(config({ defaults: { customer_id: 'acme', tags: ['backfill'] } })), workItems(rows))));
    expect(out.map((w) => w.data.customer_id)).toEqual(['acme', 'acme', 'globex', '']);
    expect(out[0]!.data.tags).toEqual(['backfill']);
    // Each record gets its own copy, and the source's data is not mutated.
    (out[0]!.data.tags as string[]).push('x');
    expect(out[1]!.data.tags).toEqual(['backfill']);
    expect(rows[0]).toEqual({ customer_id: null });
  });

  it('runs before filters and grouping, which see the filled values', async () => {
    const stages = buildStages(config({ defaults: { role: 'user' }, filters: [{ field: 'role', in: ['system'] }], group: { by: 'c' } }));
    const out = works(await collect(runStages(stages, workItems([{ c: 'x', content: 'no role column' }]))));
    expect(out[0]!.data.transcript).toBe('User: no role column');
  });
});

describe('pseudonymize', () => {
  it('replaces ids by a salted HMAC-SHA256, stable across runs', async () => {
    const stages = () => buildStages(config({ pseudonymize: { fields: ['user_id', 'profile.email'], salt: SALT, prefix: 'u_' } }));
    const rows = [{ user_id: 'alice', profile: { email: 'a@example.com', name: 'A' } }, { user_id: 42 }, { user_id: null }, {}];
    const first = works(await collect(runStages(stages(), workItems(rows))));
    const expected = 'u_' + createHmac('sha256', SALT).update('alice').digest('hex');
    expect(first[0]!.data.user_id).toBe(expected);
    expect(first[0]!.data.profile).toEqual({ email: pseudonym('a@example.com', SALT, 'u_'), name: 'A' });
    expect(first[1]!.data.user_id).toBe(pseudonym('42', SALT, 'u_'));
    expect(first[2]!.data.user_id).toBeNull();
    expect(first[3]!.data).not.toHaveProperty('user_id');
    expect(rows[0]!.user_id).toBe('alice');
    const second = works(await collect(runStages(stages(), workItems(rows))));
    expect(second.map((w) => w.data)).toEqual(first.map((w) => w.data));
  });

  it('depends on the salt, so ids cannot be recomputed without it', () => {
    expect(pseudonym('alice', SALT)).not.toBe(pseudonym('alice', OTHER_SALT));
    expect(pseudonym('alice', SALT)).not.toBe(pseudonym('bob', SALT));
    expect(pseudonym('alice', SALT)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('feeds the group key, so document keys hold only pseudonyms', async () => {
    const stages = buildStages(config({ pseudonymize: { fields: ['user_id'], salt: SALT }, group: { by: 'user_id' } }));
    const out = works(await collect(runStages(stages, workItems([{ user_id: 'alice', role: 'user', content: 'hi' }]))));
    expect(out[0]!.key).toBe(`${pseudonym('alice', SALT)}:0`);
    expect(JSON.stringify(out)).not.toContain('alice');
  });

  it('rejects a record whose id is not a scalar rather than sending it raw', async () => {
    const out = await collect(runStages(buildStages(config({ pseudonymize: { fields: ['user_id'], salt: SALT } })), workItems([{ user_id: { nested: 'x' } }])));
    expect(settled(out)[0]).toMatchObject({ status: 'rejected', field: 'user_id' });
  });

  it('requires a salt long enough to be a secret, without echoing it', () => {
    const result = transformsConfigSchema.safeParse({ pseudonymize: { fields: ['user_id'], salt: 'short-salt' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('short-salt');
  });
});

describe('validate', () => {
  it('rejects records whose uuid field is missing or malformed, naming the field but not the value', async () => {
    const rows = [
      { conversation_id: '3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c' },
      { conversation_id: '3F2B8C1E-9D4A-4E6B-8A7C-1D2E3F4A5B6C' },
      { conversation_id: 'conv_123' },
      { conversation_id: '3f2b8c1e9d4a4e6b8a7c1d2e3f4a5b6c' },
      {},
    ];
    const out = await collect(runStages(buildStages(config({ validate: { conversation_id: 'uuid' } })), workItems(rows)));
    expect(out.map((i) => (i.kind === 'work' ? 'ok' : `${i.status} ${i.field}: ${i.reason}`))).toEqual([
      'ok',
      'ok',
      'rejected conversation_id: conversation_id is not a UUID (8-4-4-4-12 hex digits)',
      'rejected conversation_id: conversation_id is not a UUID (8-4-4-4-12 hex digits)',
      'rejected conversation_id: conversation_id is missing; expected a UUID (8-4-4-4-12 hex digits)',
    ]);
    expect(out[2]!.checkpoint).toBe(3);
  });

  it('checks datetime fields', async () => {
    const out = await collect(runStages(buildStages(config({ validate: { at: 'datetime' } })), workItems([{ at: '2024-03-10T10:00:00+01:00' }, { at: 'soon' }])));
    expect(out.map((i) => i.kind)).toEqual(['work', 'settled']);
  });

  it('sees raw values: a uuid check runs before pseudonymization', async () => {
    const uuid = '3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c';
    const stages = buildStages(config({ validate: { user_id: 'uuid' }, pseudonymize: { fields: ['user_id'], salt: SALT } }));
    const out = works(await collect(runStages(stages, workItems([{ user_id: uuid }]))));
    expect(out[0]!.data.user_id).toBe(pseudonym(uuid, SALT));
  });
});
