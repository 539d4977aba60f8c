import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, EtlError, closestName, defineSource, schemaSecretValues } from '@synap-etl/core';
import type { ConfigIssue, SourceDefinition } from '@synap-etl/core';

const noop = () => ({ async open() {}, async *read() {}, async close() {} });

const configSchema = z.strictObject({
  url: z.url().describe('Endpoint.'),
  connection: z
    .union([
      z.string().min(1).meta({ secret: true }),
      z.strictObject({
        host: z.string().describe('Host.'),
        port: z.number().int().optional().describe('Port.'),
        password: z.string().optional().describe('Password.').meta({ secret: true }),
      }),
    ])
    .optional()
    .describe('How to connect.'),
  columns: z.array(z.string()).optional().describe('Columns.'),
  csv: z.strictObject({ delimiter: z.string().default(',').describe('Separator.') }).prefault({}).describe('CSV options.'),
  page_size: z.number().int().min(1).default(100).describe('Page size.'),
});

const valid = (): SourceDefinition<typeof configSchema> => ({
  type: 'demo-api',
  description: 'A demo API.',
  configSchema,
  examples: [{ title: 'From the environment', config: { url: '${DEMO_URL}', connection: { host: 'db', password: '${PW}' } } }],
  create: noop,
});

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

function definitionError(definition: unknown): EtlError {
  try {
    defineSource(definition as SourceDefinition);
  } catch (error) {
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).code).toBe('PLUGIN_INVALID');
    return error as EtlError;
  }
  throw new Error('expected defineSource to refuse the definition');
}

describe('defineSource', () => {
  it('returns a frozen definition whose parseConfig applies defaults', () => {
    const source = defineSource(valid());
    expect(Object.isFrozen(source)).toBe(true);
    expect(source.type).toBe('demo-api');
    expect(source.parseConfig({ url: 'https://x.test' })).toEqual({ url: 'https://x.test', csv: { delimiter: ',' }, page_size: 100 });
    expect(defineSource({ ...valid(), examples: undefined }).examples).toEqual([]);
  });

  it('lists every shape problem at once: name, description, schema, create', () => {
    const error = definitionError({ type: 'Demo API', configSchema: { safeParse: 1 }, create: 'nope' });
    expect(error.message).toContain("`type` must be a lower-case name such as 'zendesk' or 'my-api', got 'Demo API'");
    expect(error.message).toContain('`description` (a sentence) is missing');
    expect(error.message).toContain('`configSchema` must be a zod schema');
    expect(error.message).toContain('`create(config, context)` must be a function');
    expect(error.hint).toMatch(/docs\/authoring-connectors\.md/);
  });

  it('requires an object schema without a `type` option', () => {
    expect(definitionError({ ...valid(), configSchema: z.string().describe('x') }).message).toContain('must be an object schema');
    const withType = z.strictObject({ type: z.string().describe('Clashes with source.type.') });
    expect(definitionError({ ...valid(), configSchema: withType, examples: [] }).message).toContain('must not have an option named `type`');
  });

  it('names every option without a description, nested ones and list items included', () => {
    const schema = z.strictObject({
      a: z.string(),
      b: z.strictObject({ c: z.number(), d: z.string().describe('D.') }).describe('B.'),
      rows: z.array(z.strictObject({ name: z.string() })).describe('Rows.'),
      described: z.boolean().optional().describe('Described after optional().'),
    });
    const error = definitionError({ ...valid(), configSchema: schema, examples: [] });
    expect(error.message).toContain('options without a description (add .describe()): a, b.c, rows[].name');
  });

  it('checks examples against the schema, letting ${VAR} placeholders stand for any value', () => {
    expect(() => defineSource(valid())).not.toThrow(); // '${DEMO_URL}' is not a URL, but a placeholder
    const wrong = { ...valid(), examples: [{ title: 'Bad page', config: { url: 'https://x.test', page_size: 0 } }] };
    expect(definitionError(wrong).message).toMatch(/examples\[0\] 'Bad page': page_size: Too small/);
    const typed = { ...valid(), examples: [{ title: 'Typed', config: { type: 'demo-api', url: 'https://x.test' } }] };
    expect(definitionError(typed).message).toContain('examples[0].config must not contain `type`');
  });
});

describe('parseConfig issues', () => {
  const source = defineSource(valid());

  it('name the exact option, with a suggestion for a misspelt sibling or a nested option', () => {
    expect(issuesOf(() => source.parseConfig({ url: 'https://x.test', page_sise: 5, delimiter: ';' }))).toEqual([
      { path: 'source.page_sise', message: 'unknown option; did you mean `page_size`?' },
      { path: 'source.delimiter', message: 'unknown option here; did you mean `csv.delimiter`?' },
    ]);
    const unknown = issuesOf(() => source.parseConfig({ url: 'https://x.test', zzz: 1 }));
    expect(unknown).toEqual([{ path: 'source.zzz', message: 'unknown option; known options here: columns, connection, csv, page_size, url' }]);
  });

  it('follow the union branch the user meant instead of reporting every branch', () => {
    expect(issuesOf(() => source.parseConfig({ url: 'https://x.test', connection: { host: 'db', prot: 1, port: 'x' } }))).toEqual([
      { path: 'source.connection.port', message: 'expected number, received string' },
      { path: 'source.connection.prot', message: 'unknown option; did you mean `port`?' },
    ]);
    expect(issuesOf(() => source.parseConfig({ url: 'https://x.test', connection: 42 }))).toEqual([
      { path: 'source.connection', message: 'expected string or object' },
    ]);
  });

  it('index list items and say which config and connector they come from', () => {
    try {
      source.parseConfig({ url: 'https://x.test', columns: ['a', 2] }, 'pipelines/app.yaml');
      throw new Error('expected a ConfigError');
    } catch (error) {
      const configError = error as ConfigError;
      expect(configError.issues).toEqual([{ path: 'source.columns[1]', message: 'expected string, received number' }]);
      expect(configError.message).toBe("pipelines/app.yaml: 1 problem in the options of the 'demo-api' source");
      expect(configError.hint).toContain('etl connectors demo-api');
    }
  });
});

describe('secret values', () => {
  it('are found wherever the schema marks them: a union branch, a nested field, list items, map values', () => {
    const source = defineSource(valid());
    expect(source.secretValues({ url: 'https://x.test', connection: 'postgres://u:pw@h/db' })).toEqual(['postgres://u:pw@h/db']);
    expect(source.secretValues({ url: 'https://x.test', connection: { host: 'db', password: 'hunter22' } })).toEqual(['hunter22']);
    const schema = z.strictObject({
      keys: z.array(z.string().meta({ secret: true })).describe('Keys.'),
      headers: z.record(z.string(), z.string().meta({ secret: true })).describe('Headers.'),
      name: z.string().describe('Not secret.'),
    });
    expect(schemaSecretValues(schema, { keys: ['k1', 'k2'], headers: { 'x-api-key': 'h1' }, name: 'public' }).sort()).toEqual(['h1', 'k1', 'k2']);
  });
});

describe('closestName', () => {
  it('finds a typo or a swapped pair, and nothing for an unrelated word', () => {
    expect(closestName('tabel', ['table', 'query'])).toBe('table');
    expect(closestName('prot', ['port', 'host'])).toBe('port');
    expect(closestName('postgress', ['file', 'postgres', 'mysql'])).toBe('postgres');
    expect(closestName('zendesk', ['file', 'postgres', 'mysql', 'mongo'])).toBeUndefined();
  });
});
