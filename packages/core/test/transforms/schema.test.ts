import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { buildDocumentTransform, buildStages, transformsConfigSchema } from '../../src/transforms/index.js';

const EXAMPLE = `
filters:
  - skip_if: "content == blank"
    reason: empty message
  - field: role
    in: [system, tool]
  - field: created_at
    before: 2023-01-01T00:00:00Z
defaults: { customer_id: acme }
pseudonymize: { fields: [user_id], salt: "0123456789abcdef-salt" }
validate: { conversation_id: uuid }
group:
  by: conversation_id
  order_by: created_at
  role: role
  text: content
  time: created_at
  speakers: { user: User, assistant: Assistant }
  window: { max_turns: 40, max_chars: 12000 }
  created_at: first
redact: { emails: true, phones: true, cards: true, patterns: [{ name: ticket, regex: "TCK-\\\\d+", replacement: "[ticket]" }] }
normalize_whitespace: true
truncate: { max_chars: 100000, marker: "\\n[… truncated by synap-etl]" }
`;

/** Every property of every object in a JSON Schema, with its path. */
function properties(schema: unknown, path = ''): Array<{ path: string; node: Record<string, unknown> }> {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const out: Array<{ path: string; node: Record<string, unknown> }> = [];
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
    out.push({ path: `${path}.${key}`, node: child as Record<string, unknown> }, ...properties(child, `${path}.${key}`));
  }
  for (const key of ['anyOf', 'items', 'additionalProperties'] as const) {
    const value = node[key];
    for (const child of Array.isArray(value) ? value : [value]) out.push(...properties(child, path));
  }
  return out;
}

describe('transformsConfigSchema', () => {
  it('parses the documented example and builds stages and a document transform from it', () => {
    const parsed = transformsConfigSchema.parse(parseYaml(EXAMPLE));
    expect(parsed.group?.window).toEqual({ max_turns: 40, max_chars: 12000 });
    expect(parsed.redact?.patterns[0]?.regex).toBe('TCK-\\d+');
    expect(buildStages(parsed)).toHaveLength(5);
    expect(buildDocumentTransform(parsed)?.({ document: 'TCK-12  done' }).document).toBe('[ticket] done');
  });

  it('is representable as JSON Schema with a description on every field', () => {
    const schema = z.toJSONSchema(transformsConfigSchema, { io: 'input' });
    const props = properties(schema);
    expect(props.length).toBeGreaterThan(40);
    const undocumented = props.filter(({ node }) => typeof node.description !== 'string' && node.$ref === undefined);
    expect(undocumented.map((p) => p.path)).toEqual([]);
  });

  it('marks the pseudonym salt secret', () => {
    const salt = transformsConfigSchema.shape.pseudonymize.unwrap().shape.salt;
    expect(salt.meta()).toMatchObject({ secret: true });
  });

  it('refuses unknown keys inside blocks, so typos do not pass silently', () => {
    expect(transformsConfigSchema.safeParse({ group: { by: 'c', window: { max_turn: 4 } } }).success).toBe(false);
    expect(transformsConfigSchema.safeParse({ redact: { email: true } }).success).toBe(false);
  });
});
