import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fileConfigSchema, fileSource } from '../src/index.js';
import { formatFromName } from '../src/file-format.js';

type JsonSchema = { description?: string; properties?: Record<string, JsonSchema>; default?: unknown };

function undescribed(schema: JsonSchema, at = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => [
    ...(property.description ? [] : [`${at}${name}`]),
    ...undescribed(property, `${at}${name}.`),
  ]);
}

describe('file source config', () => {
  it('describes every field, nested ones included (the docs are generated from it)', () => {
    const json = z.toJSONSchema(fileConfigSchema, { io: 'input' }) as JsonSchema;
    expect(Object.keys(json.properties ?? {})).toEqual(['path', 'format', 'encoding', 'gzip', 'csv']);
    expect(Object.keys(json.properties?.csv?.properties ?? {}).length).toBeGreaterThan(5);
    expect(undescribed(json)).toEqual([]);
  });

  it('every example of the definition is a valid config', () => {
    expect(fileSource.examples?.length).toBeGreaterThan(0);
    for (const example of fileSource.examples ?? []) {
      expect(fileConfigSchema.safeParse(example.config).success, example.title).toBe(true);
    }
  });

  it('fills defaults, the csv block included', () => {
    expect(fileConfigSchema.parse({ path: 'a.csv' })).toEqual({
      path: 'a.csv',
      encoding: 'utf8',
      gzip: 'auto',
      csv: { delimiter: ',', quote: '"', header: true, trim: false, skip_empty_lines: true, relax_column_count: false },
    });
  });

  it('rejects a misspelt option, an empty path list, and header: false without columns', () => {
    const typo = fileConfigSchema.safeParse({ path: 'a.csv', csv: { delimeter: ';' } });
    expect(typo.success).toBe(false);
    expect(fileConfigSchema.safeParse({ path: [] }).success).toBe(false);
    const headerless = fileConfigSchema.safeParse({ path: 'a.csv', csv: { header: false } });
    expect(headerless.success).toBe(false);
    expect(headerless.error?.issues[0]?.path).toEqual(['csv', 'columns']);
  });

  it('infers the format from the extension, through .gz', () => {
    expect(['a.csv', 'a.CSV.gz', 'a.jsonl', 'b.ndjson.gz', 'c.json', 'd.gz', 'noext'].map(formatFromName)).toEqual([
      'csv', 'csv', 'jsonl', 'jsonl', undefined, undefined, undefined,
    ]);
  });
});
