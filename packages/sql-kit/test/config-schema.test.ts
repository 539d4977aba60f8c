import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorColumns, sqlSourceConfigSchema } from '../src/config-schema.js';
import { describeTarget, resolveConnectionTarget, targetSecrets } from '../src/connection-target.js';

const schema = sqlSourceConfigSchema({ product: 'PostgreSQL', defaultPort: 5432, urlExample: 'postgres://u@h/db' });

describe('sql source config', () => {
  it('fills defaults and accepts a single cursor column', () => {
    const config = schema.parse({ connection: 'postgres://u@h/db', table: 't', cursor: 'id' });
    expect(config).toMatchObject({ page_size: 2000, timezone: 'UTC', count: 'estimate', binary: 'reject' });
    expect(cursorColumns(config)).toStrictEqual(['id']);
  });

  it('wants exactly one of table and query, and a known zone', () => {
    expect(schema.safeParse({ connection: 'x', cursor: 'id' }).success).toBe(false);
    expect(schema.safeParse({ connection: 'x', cursor: 'id', table: 't', query: 'select 1' }).success).toBe(false);
    expect(schema.safeParse({ connection: 'x', cursor: 'id', table: 't', timezone: 'Nowhere/Land' }).success).toBe(false);
    expect(schema.safeParse({ connection: 'x', cursor: ['id', 'id'], table: 't' }).success).toBe(false);
    expect(schema.safeParse({ connection: 'x', cursor: 'id', table: 't', offset: 10 }).success).toBe(false);
  });

  it('marks the password and URLs secret and describes every option', () => {
    type Node = { description?: string; secret?: boolean; properties?: Record<string, Node>; anyOf?: Node[] };
    const json = z.toJSONSchema(schema, { io: 'input' }) as Node;
    for (const [name, property] of Object.entries(json.properties ?? {})) expect(property.description, name).toBeTruthy();
    const [asUrl, asFields] = json.properties?.connection?.anyOf ?? [];
    expect(asUrl?.secret).toBe(true);
    expect(asFields?.properties?.password?.secret).toBe(true);
    expect(asFields?.properties?.url?.secret).toBe(true);
    expect(asFields?.properties?.host?.secret).toBeUndefined();
  });

  it('describes the target without its password, from a URL or fields', () => {
    const fromUrl = resolveConnectionTarget(schema.parse({ connection: 'postgres://app:p%40ss@db.internal:6543/app', table: 't', cursor: 'id' }), '.');
    expect(describeTarget(fromUrl, 5432)).toBe('db.internal:6543/app as user "app"');
    expect(targetSecrets(fromUrl)).toStrictEqual(['p@ss']);
    const fields = resolveConnectionTarget(
      schema.parse({ connection: { host: 'h', user: 'u', password: 'pw-123', database: 'd' }, table: 't', cursor: 'id' }),
      '.',
    );
    expect(describeTarget(fields, 5432)).toBe('h:5432/d as user "u"');
    expect(targetSecrets(fields)).toStrictEqual(['pw-123']);
  });
});
