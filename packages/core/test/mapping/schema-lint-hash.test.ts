import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, lintMapping, mappingHash, mappingSchema } from '../../src/index.js';
import type { MappingConfig } from '../../src/index.js';

describe('mappingSchema', () => {
  it('generates a JSON Schema carrying the descriptions', () => {
    for (const io of ['input', 'output'] as const) {
      const schema = z.toJSONSchema(mappingSchema, { io }) as { properties: Record<string, { description?: string }> };
      for (const key of ['timezone', 'document', 'document_type', 'document_id', 'document_created_at', 'user_id', 'customer_id', 'mode', 'metadata']) {
        expect(schema.properties[key]?.description, key).toMatch(/\w{3}/);
      }
      const text = JSON.stringify(schema);
      for (const phrase of ['IANA zone', 'Path of a record field', 'LiquidJS template', 'exactly one of field, template, value']) {
        expect(text).toContain(phrase);
      }
    }
  });

  it('shows the defaults of mode and document_type in the JSON Schema', () => {
    const schema = z.toJSONSchema(mappingSchema, { io: 'input' }) as { properties: Record<string, { default?: unknown }> };
    expect(schema.properties.mode?.default).toBe('long-range');
    expect(schema.properties.document_type?.default).toBe('ai-chat-conversation');
  });

  it('accepts the example mapping from the docs', () => {
    const example = {
      timezone: 'Europe/Berlin',
      document: 'User: {{ user_text }}\nAssistant: {{ assistant_text }}\n',
      document_type: 'ai-chat-conversation',
      document_id: 'backfill:{{ conversation_id }}:{{ message_index }}',
      document_created_at: '{{ created_at }}',
      user_id: '{{ user_id }}',
      customer_id: { field: 'org.id' },
      mode: 'long-range',
      metadata: { conversation_id: '{{ conversation_id }}', source: 'backfill', turn: { field: 'message_index', type: 'number' } },
    };
    expect(mappingSchema.safeParse(example).success).toBe(true);
  });
});

describe('lintMapping', () => {
  const complete: MappingConfig = {
    document: '{{ t }}',
    document_id: '{{ id }}',
    document_created_at: '{{ at }}',
  };

  it('is silent for a complete mapping', () => {
    expect(lintMapping(complete)).toEqual([]);
  });

  it("warns when document_created_at is unmapped, quoting the seed's reason", () => {
    const findings = lintMapping({ document: '{{ t }}', document_id: '{{ id }}' });
    expect(findings).toEqual([
      { level: 'warning', path: 'mapping.document_created_at', message: expect.stringContaining('every memory looks like it happened today') as unknown as string },
    ]);
    expect(findings[0]?.message).toContain('recency');
  });

  it('warns about mode fast on a backfill', () => {
    for (const mode of ['fast', { value: 'fast' }] as const) {
      const findings = lintMapping({ ...complete, mode });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ level: 'warning', path: 'mapping.mode', message: expect.stringContaining('long-range') });
    }
    expect(lintMapping({ ...complete, mode: '{{ m }}' })).toEqual([]);
  });

  it('notes a derived document_id', () => {
    const findings = lintMapping({ document: '{{ t }}', document_created_at: '{{ at }}' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ path: 'mapping.document_id', message: expect.stringContaining('sha256(record key)') });
  });

  it('reports schema and compile errors as errors instead of throwing', () => {
    expect(lintMapping({ document: 42n })).toContainEqual(expect.objectContaining({ level: 'error', path: 'mapping.document' }));
    const findings = lintMapping({ ...complete, user_id: '{{ broken ' });
    expect(findings).toContainEqual(expect.objectContaining({ level: 'error', path: 'mapping.user_id' }));
  });

  it('flags b2b mappings without customer_id and metadata that looks like a spec missing its source', () => {
    expect(lintMapping({ ...complete, user_id: '{{ u }}' }, { scope: 'b2b' })).toContainEqual(
      expect.objectContaining({ level: 'error', path: 'mapping.customer_id' }),
    );
    expect(lintMapping({ ...complete, metadata: { deep: { turn: { type: 'number' } } } })).toContainEqual(
      expect.objectContaining({ level: 'warning', path: 'mapping.metadata.deep.turn' }),
    );
  });
});

describe('mappingHash', () => {
  const base: MappingConfig = { document: '{{ t }}', metadata: { a: 'x', b: { field: 'y', type: 'number' } } };

  it('is a sha256 hex that ignores key order and spelled-out defaults', () => {
    const hash = mappingHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(mappingHash({ metadata: { b: { type: 'number', field: 'y' }, a: 'x' }, mode: 'long-range', document: '{{ t }}' })).toBe(hash);
  });

  it('changes when anything that shapes documents changes', () => {
    const hash = mappingHash(base);
    expect(mappingHash({ ...base, document: '{{ t }} ' })).not.toBe(hash);
    expect(mappingHash({ ...base, metadata: { a: 'x', b: { field: 'y', type: 'string' } } })).not.toBe(hash);
    expect(mappingHash({ ...base, timezone: 'UTC' })).not.toBe(hash);
    expect(mappingHash({ ...base, mode: 'fast' })).not.toBe(hash);
  });

  it('refuses an invalid mapping', () => {
    expect(() => mappingHash({} as MappingConfig)).toThrow(ConfigError);
  });
});
