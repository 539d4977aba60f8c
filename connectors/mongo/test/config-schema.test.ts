import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mongoSource } from '../src/index.js';
import { mongoSourceConfigSchema, projectionWithCursor } from '../src/config-schema.js';
import { readQuery } from '../src/read-query.js';

const base = { uri: 'mongodb://127.0.0.1:27017', database: 'chat', collection: 'conversations' };

function issues(config: Record<string, unknown>): string[] {
  const result = mongoSourceConfigSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('mongo config schema', () => {
  it('fills defaults: cursor _id, batch_size 1000, primary reads', () => {
    const config = mongoSourceConfigSchema.parse(base);
    expect(config).toMatchObject({ cursor: '_id', batch_size: 1000, read_preference: 'primary' });
    expect(config.count).toBeUndefined();
  });

  it('describes every field and marks the uri secret', () => {
    const shape = mongoSourceConfigSchema.shape;
    for (const [name, field] of Object.entries(shape)) {
      expect(field.description, name).toMatch(/\w{3}/);
    }
    expect(z.globalRegistry.get(shape.uri)?.secret).toBe(true);
  });

  it('has examples the schema accepts', () => {
    expect(mongoSource.examples?.length).toBeGreaterThan(0);
    for (const example of mongoSource.examples ?? []) {
      expect(issues(example.config), example.title).toEqual([]);
    }
  });

  it('rejects a uri without the mongodb scheme, unknown keys and a pipeline combined with a filter', () => {
    expect(issues({ ...base, uri: 'postgres://x' })).toEqual([expect.stringMatching(/^uri: must start with mongodb/)]);
    expect(issues({ ...base, colection: 'x' })).toHaveLength(1);
    expect(issues({ ...base, pipeline: [{ $match: {} }], filter: { a: 1 } })).toEqual([
      expect.stringMatching(/^pipeline: use either pipeline or filter/),
    ]);
  });

  it('checks Extended JSON in filter, projection and pipeline', () => {
    expect(issues({ ...base, filter: { _id: { $oid: 'not-hex' } } })).toEqual([expect.stringMatching(/^filter: invalid Extended JSON/)]);
    expect(issues({ ...base, pipeline: [{ $match: { at: { $date: 'yesterday' } } }] })).toEqual([
      expect.stringMatching(/^pipeline: invalid Extended JSON/),
    ]);
  });

  it('rejects cursor fields that are repeated, empty or operators, and projections that drop them', () => {
    expect(issues({ ...base, cursor: ['_id', '_id'] })).toEqual([expect.stringMatching(/^cursor: cursor fields must be distinct/)]);
    expect(issues({ ...base, cursor: '$x' })).toHaveLength(1);
    expect(issues({ ...base, cursor: 'a..b' })).toHaveLength(1);
    expect(issues({ ...base, cursor: [] })).toHaveLength(1);
    expect(issues({ ...base, cursor: ['meta.at', '_id'], projection: { meta: 0 } })).toEqual([
      expect.stringMatching(/^projection: projection excludes the cursor field `meta.at`/),
    ]);
  });

  it('decodes Extended JSON into BSON values for the query and picks the count mode', () => {
    const query = readQuery(mongoSourceConfigSchema.parse({ ...base, filter: { at: { $gte: { $date: '2024-01-01T00:00:00Z' } } } }));
    expect(query.filter.at.$gte).toBeInstanceOf(Date);
    expect(query.count).toBe('exact');
    expect(readQuery(mongoSourceConfigSchema.parse(base)).count).toBe('estimate');
    expect(readQuery(mongoSourceConfigSchema.parse({ ...base, count: 'none' })).count).toBe('none');
  });
});

describe('projectionWithCursor', () => {
  it('adds missing cursor fields to an inclusion projection only', () => {
    expect(projectionWithCursor({ text: 1 }, ['created_at', '_id'])).toEqual({ text: 1, created_at: 1, _id: 1 });
    expect(projectionWithCursor({ meta: 1 }, ['meta.at'])).toEqual({ meta: 1 });
    expect(projectionWithCursor({ big: 0 }, ['created_at'])).toEqual({ big: 0 });
    expect(projectionWithCursor(undefined, ['_id'])).toBeUndefined();
  });
});
