import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSource } from '@synap-etl/connector-kit';
import { ConfigError, silentLogger } from '@synap-etl/core';
import { __CAMEL__Source } from '../src/index.js';

const dir = mkdtempSync(path.join(tmpdir(), '__TYPE__-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 24 records, a malformed line (an invalid record: the run goes on) and a blank line (skipped).
const lines = Array.from({ length: 24 }, (_, i) =>
  JSON.stringify({ id: `r${i + 1}`, role: i % 2 === 0 ? 'user' : 'assistant', text: `turn ${i + 1}`, created_at: `2024-05-01T10:${String(i).padStart(2, '0')}:00Z` }),
);
lines.splice(7, 0, '{"id": "r-broken", oops');
lines.splice(12, 0, '');
writeFileSync(path.join(dir, 'records.jsonl'), `${lines.join('\n')}\n`);

const create = (options: Record<string, unknown> = {}) =>
  __CAMEL__Source.create(__CAMEL__Source.parseConfig({ path: 'records.jsonl', page_size: 5, ...options }), { baseDir: dir, logger: silentLogger });

// The same suite every built-in connector passes: ordering, resume after any position, abort, close, count.
testSource({ name: '__TYPE__', create: () => create(), expectedCount: 25 });
testSource({ name: '__TYPE__, one page holds everything', create: () => create({ page_size: 1000 }), expectedCount: 25 });

describe('__TYPE__ source', () => {
  it('reports a malformed line as an invalid record naming the line, and reads on', async () => {
    const source = create();
    await source.open();
    const items = [];
    for await (const item of source.read()) items.push(item);
    await source.close();
    const invalid = items.filter((item) => 'invalid' in item);
    expect(invalid.map((item) => item.key)).toEqual(['line:8']);
    expect(items.at(-1)?.key).toBe('r24');
  });

  it('names a misspelt option in the config error', () => {
    expect(() => __CAMEL__Source.parseConfig({ path: 'x.jsonl', page_sise: 10 })).toThrow(ConfigError);
    try {
      __CAMEL__Source.parseConfig({ path: 'x.jsonl', page_sise: 10 });
    } catch (error) {
      expect((error as ConfigError).issues[0]?.path).toBe('source.page_sise');
      expect((error as ConfigError).issues[0]?.message).toContain('page_size');
    }
  });
});
