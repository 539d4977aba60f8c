import { describe, expect, it } from 'vitest';
import { compileMapping, ConfigError, deriveDocumentId } from '../../src/index.js';
import type { MappingConfig } from '../../src/index.js';
import { item, mapOk, mapper, mapRejected } from './helpers.js';

/** The mapping of the task description, as a user would write it. */
const seedLike: MappingConfig = {
  timezone: 'Europe/Berlin',
  document: 'User: {{ user_text }}\nAssistant: {{ assistant_text }}',
  document_type: 'ai-chat-conversation',
  document_id: 'backfill:{{ conversation_id }}:{{ message_index }}',
  document_created_at: '{{ created_at }}',
  user_id: '{{ user_id }}',
  customer_id: { field: 'org.id' },
  mode: 'long-range',
  metadata: {
    conversation_id: '{{ conversation_id }}',
    source: 'backfill',
    turn: { field: 'message_index', type: 'number' },
  },
};

const row = {
  user_text: 'I prefer window seats',
  assistant_text: 'Noted!',
  conversation_id: '6f1c2d4e-0000-4000-8000-000000000001',
  message_index: 3,
  created_at: '2024-05-01 18:45:00',
  user_id: 981,
  org: { id: 'acme' },
};

describe('compileMapping: every field', () => {
  it('maps a seed-style record by templates, a field path and constants', () => {
    expect(mapOk(seedLike, row)).toEqual({
      document: 'User: I prefer window seats\nAssistant: Noted!',
      document_type: 'ai-chat-conversation',
      document_id: 'backfill:6f1c2d4e-0000-4000-8000-000000000001:3',
      document_created_at: '2024-05-01T16:45:00.000Z',
      user_id: '981',
      customer_id: 'acme',
      mode: 'long-range',
      metadata: { conversation_id: '6f1c2d4e-0000-4000-8000-000000000001', source: 'backfill', turn: 3 },
    });
  });

  it('maps every field by field path', () => {
    const config: MappingConfig = {
      document: { field: 'c.text' },
      document_type: { field: 'c.kind' },
      document_id: { field: 'c.id' },
      document_created_at: { field: 'c.at' },
      user_id: { field: 'c.user' },
      customer_id: { field: 'c.org' },
      mode: { field: 'c.mode' },
      metadata: { thread: { field: 'c.thread' } },
    };
    const c = { text: 'Subject: hi', kind: 'email', id: 'm-1', at: 0, user: 'u', org: 'o', mode: 'fast', thread: ['a', 'b'] };
    expect(mapOk(config, { c })).toEqual({
      document: 'Subject: hi',
      document_type: 'email',
      document_id: 'm-1',
      document_created_at: '1970-01-01T00:00:00.000Z',
      user_id: 'u',
      customer_id: 'o',
      mode: 'fast',
      metadata: { thread: ['a', 'b'] },
    });
  });

  it('maps every field by constant, plain and object form, coerced once', () => {
    const config: MappingConfig = {
      document: { value: 'User: constant' },
      document_type: 'document',
      document_id: { value: 17 },
      document_created_at: { value: '2024-01-01T00:00:00+01:00' },
      user_id: 42,
      customer_id: { value: 'acme' },
      mode: { value: 'fast' },
      metadata: { version: 2, imported: true, tags: { value: ['a', 'b'] } },
    };
    expect(mapOk(config, {})).toEqual({
      document: 'User: constant',
      document_type: 'document',
      document_id: '17',
      document_created_at: '2023-12-31T23:00:00.000Z',
      user_id: '42',
      customer_id: 'acme',
      mode: 'fast',
      metadata: { version: 2, imported: true, tags: ['a', 'b'] },
    });
  });

  it('uses each default when the value is null, missing or blank', () => {
    const config: MappingConfig = {
      document: { field: 'text', default: 'User: (no text)' },
      document_type: { field: 'kind', default: 'email' },
      document_id: { template: '{{ id }}', default: 'fallback-id' },
      document_created_at: { field: 'at', default: 1_700_000_000 },
      user_id: { field: 'user', default: 'anonymous' },
      customer_id: { field: 'org', default: 7 },
      mode: { field: 'mode', default: 'fast' },
      metadata: { source: { field: 'src', default: 'backfill' }, maybe: { field: 'm', default: null } },
    };
    const request = mapOk(config, { text: '  ', kind: null, id: null, at: '', user: undefined, mode: null, src: null });
    expect(request).toEqual({
      document: 'User: (no text)',
      document_type: 'email',
      document_id: 'fallback-id',
      document_created_at: '2023-11-14T22:13:20.000Z',
      user_id: 'anonymous',
      customer_id: '7',
      mode: 'fast',
      metadata: { source: 'backfill' },
    });
  });

  it('applies mode long-range and document_type ai-chat-conversation when unmapped', () => {
    const request = mapOk({ document: '{{ text }}' }, { text: 'User: hi' });
    expect(request.mode).toBe('long-range');
    expect(request.document_type).toBe('ai-chat-conversation');
  });

  it('leaves out optional fields and metadata entries that come out empty', () => {
    const request = mapOk(
      { document: '{{ text }}', user_id: { field: 'user' }, metadata: { a: { field: 'a' }, nested: { b: { field: 'b' } } } },
      { text: 'x', user: null, a: '', b: null },
    );
    expect(request).not.toHaveProperty('user_id');
    expect(request).not.toHaveProperty('metadata');
  });

  it('builds nested metadata objects', () => {
    const request = mapOk(
      { document: '{{ text }}', metadata: { origin: { db: 'pg', table: { field: 't' } } } },
      { text: 'x', t: 'messages' },
    );
    expect(request.metadata).toEqual({ origin: { db: 'pg', table: 'messages' } });
  });
});

describe('compileMapping: templates', () => {
  it('rejects a record when a template names a variable the record lacks (strictVariables), naming the field', () => {
    const rejection = mapRejected({ document: 'User: {{ user_txt }}' }, { user_text: 'hi', id: 1 });
    expect(rejection.field).toBe('document');
    expect(rejection.message).toContain('document: template error: undefined variable: user_txt');
    expect(rejection.message).toContain('record fields: user_text, id');
  });

  it('renders a present key holding null as empty text', () => {
    expect(mapOk({ document: 'User: {{ a }}|{{ b.c }}' }, { a: null, b: null }).document).toBe('User: |');
  });

  it('lets `default` and `if` tolerate a missing variable', () => {
    const config = { document: 'User: {{ title | default: "untitled" }}{% if extra %} +{{ extra }}{% endif %}' };
    expect(mapOk(config, {}).document).toBe('User: untitled');
    expect(mapOk(config, { title: 'T', extra: 'E' }).document).toBe('User: T +E');
  });

  it('rejects a field path the record lacks, unless a default is set', () => {
    const rejection = mapRejected({ document: '{{ t }}', user_id: { field: 'usr' } }, { t: 'x', user: 'u' });
    expect(rejection).toMatchObject({ field: 'user_id' });
    expect(rejection.message).toMatch(/^user_id: the record has no field "usr" \(record fields: t, user\)/);
    expect(mapOk({ document: '{{ t }}', user_id: { field: 'usr', default: null } }, { t: 'x' })).not.toHaveProperty('user_id');
  });

  it('prefers a key that literally contains dots, then walks nested objects and arrays', () => {
    const config = { document: { field: 'msg.text' }, metadata: { first: { field: 'items.0.name' } } };
    expect(mapOk(config, { 'msg.text': 'literal', msg: { text: 'nested' }, items: [{ name: 'n0' }] })).toMatchObject({
      document: 'literal',
      metadata: { first: 'n0' },
    });
    expect(mapOk(config, { msg: { text: 'nested' }, items: [{ name: 'n0' }] }).document).toBe('nested');
  });

  it('does not read inherited properties through a field path', () => {
    const rejection = mapRejected({ document: '{{ t }}', user_id: { field: 'constructor' } }, { t: 'x' });
    expect(rejection.field).toBe('user_id');
  });

  it('reports template syntax errors at compile time, naming mapping.<field>', () => {
    let caught: unknown;
    try {
      compileMapping(
        { document: 'User: {{ text ', metadata: { who: { template: '{{ name | nosuchfilter }}' } } },
        { pipeline: 'p' },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues;
    expect(issues.map((i) => i.path)).toEqual(['mapping.document', 'mapping.metadata.who.template']);
    expect(issues[1]?.message).toContain('undefined filter: nosuchfilter');
    expect((caught as ConfigError).hint).toMatch(/etl validate/);
  });
});

describe('compileMapping: document ids', () => {
  it('derives `<pipeline>:<32 hex of sha256(key)>` when document_id is unmapped', () => {
    const chats = mapper({ document: '{{ text }}' });
    const id = mapOk(chats, { text: 'secret text' }, 'messages:42').document_id;
    expect(id).toMatch(/^chats:[0-9a-f]{32}$/);
    expect(id).toBe(deriveDocumentId('chats', 'messages:42'));
    expect(id).not.toContain('42');
    expect(id).not.toContain('secret');
  });

  it('is stable across compilations and distinct per key and per pipeline', () => {
    const first = mapOk(mapper({ document: '{{ text }}' }), { text: 'a' }, 'k1').document_id;
    const again = mapOk(mapper({ document: '{{ text }}' }), { text: 'changed' }, 'k1').document_id;
    const other = mapOk(mapper({ document: '{{ text }}' }), { text: 'a' }, 'k2').document_id;
    const otherPipeline = compileMapping({ document: '{{ text }}' }, { pipeline: 'other' }).map(item({ text: 'a' }, 'k1'));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(otherPipeline.ok && otherPipeline.request.document_id).toBe(deriveDocumentId('other', 'k1'));
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => deriveDocumentId('chats', `row:${i}`)));
    expect(ids.size).toBe(1000);
  });

  it('rejects a record whose mapped document_id is empty instead of deriving one', () => {
    const rejection = mapRejected({ document: '{{ t }}', document_id: '{{ id }}' }, { t: 'x', id: null });
    expect(rejection.field).toBe('document_id');
  });
});

describe('compileMapping: scope and wire validation', () => {
  const config: MappingConfig = { document: '{{ t }}', user_id: { field: 'u' }, customer_id: { field: 'c' } };

  it('b2b rejects user_id without customer_id; b2c lets it through', () => {
    const b2b = mapper(config, 'b2b');
    const rejection = mapRejected(b2b, { t: 'x', u: 'user-1', c: null });
    expect(rejection.field).toBe('customer_id');
    expect(rejection.message).toMatch(/customer_id is required with user_id on a B2B instance/);
    expect(mapOk(b2b, { t: 'x', u: 'user-1', c: 'acme' }).customer_id).toBe('acme');
    expect(mapOk(b2b, { t: 'x', u: null, c: null })).not.toHaveProperty('user_id');
    expect(mapOk(mapper(config, 'b2c'), { t: 'x', u: 'user-1', c: null }).user_id).toBe('user-1');
  });

  it('names the field when the request fails the wire schema', () => {
    const typeRejection = mapRejected({ document: '{{ t }}', document_type: '{{ kind }}' }, { t: 'x', kind: 'chat' });
    expect(typeRejection.field).toBe('document_type');
    expect(typeRejection.message).toMatch(/^document_type: Invalid option/);
    const modeRejection = mapRejected({ document: '{{ t }}', mode: { field: 'm' } }, { t: 'x', m: 'turbo' });
    expect(modeRejection.field).toBe('mode');
    const docRejection = mapRejected({ document: { field: 'd', type: 'json' } }, { d: [1, 2] });
    expect(docRejection.field).toBe('document');
  });

  it('rejects a value that cannot be coerced in metadata with its full path', () => {
    const rejection = mapRejected(
      { document: '{{ t }}', metadata: { stats: { turn: { field: 'n', type: 'number' } } } },
      { t: 'x', n: 'three' },
    );
    expect(rejection).toEqual({ ok: false, field: 'metadata.stats.turn', message: 'metadata.stats.turn: "three" is not a number' });
  });

  it('never throws for bad data: a driver object whose toJSON throws is a rejection', () => {
    const hostile = { toJSON: () => { throw new Error('boom'); } };
    const rejection = mapRejected({ document: '{{ t }}', metadata: { h: { field: 'h' } } }, { t: 'x', h: hostile });
    expect(rejection).toMatchObject({ field: 'metadata.h', message: 'metadata.h: boom' });
  });
});

describe('compileMapping: config errors', () => {
  function issuesOf(config: unknown): Array<{ path: string; message: string }> {
    try {
      compileMapping(config as MappingConfig, { pipeline: 'p' });
    } catch (error) {
      if (error instanceof ConfigError) return [...error.issues];
      throw error;
    }
    return [];
  }

  it('reports constants that cannot be coerced and types that do not fit the field', () => {
    expect(issuesOf({ document: 'x', document_created_at: '2024-01-01 10:00' })).toEqual([
      { path: 'mapping.document_created_at', message: expect.stringMatching(/no UTC offset.*mapping\.timezone/) as unknown as string },
    ]);
    expect(issuesOf({ document: 'x', user_id: { field: 'u', type: 'number' } })).toEqual([
      { path: 'mapping.user_id.type', message: '`type: number` does not fit this field (allowed: string, uuid)' },
    ]);
    expect(issuesOf({ document: 'x', metadata: { n: { field: 'n', type: 'number', default: 'many' } } })).toEqual([
      { path: 'mapping.metadata.n.default', message: '"many" is not a number' },
    ]);
    expect(issuesOf({ document: 'x', metadata: { n: { field: 'n', timezone: 'UTC' } } })[0]?.path).toBe('mapping.metadata.n.timezone');
    expect(issuesOf({ document: '   ' })).toEqual([{ path: 'mapping.document', message: 'document is empty' }]);
  });

  it('reports schema problems with their paths', () => {
    expect(issuesOf({})).toEqual([{ path: 'mapping.document', message: expect.any(String) as unknown as string }]);
    expect(issuesOf({ document: 'x', timezone: 'Europe/Atlantis' })[0]?.path).toBe('mapping.timezone');
    expect(issuesOf({ document: 'x', userid: 'u' })[0]).toMatchObject({ path: 'mapping', message: expect.stringContaining('userid') });
    expect(issuesOf({ document: { field: 'a', template: 'b' } })).toEqual([
      { path: 'mapping.document', message: 'needs exactly one of `field`, `template` or `value`' },
    ]);
  });
});
