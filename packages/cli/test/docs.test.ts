import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { z } from 'zod';
import { defineSource, interpolateEnv } from '@synap-etl/core';
import type { SourceDefinition } from '@synap-etl/core';
import { BUILTIN_SOURCES } from '../src/builtins.js';
import { buildConfigJsonSchema } from '../src/docs/config-json-schema.js';
import { renderConnectorIndex, renderConnectorMarkdown } from '../src/docs/connector-markdown.js';
import { findStaleFiles, generatedFiles } from '../src/docs/generated-files.js';
import { describeOptions } from '../src/docs/option-model.js';
import { pipelineConfigSchema } from '../src/config/pipeline-schema.js';
import { findExampleConfigs, placeholderEnv } from './helpers/example-configs.js';
import { REPO_ROOT } from './helpers/plugin-sandbox.js';

const noop = () => ({ async open() {}, async *read() {}, async close() {} });

describe('generated docs and JSON Schema', () => {
  it('are up to date: docs/connectors/*.md and config/pipeline.schema.json match the connector definitions', () => {
    const { outdated, extra } = findStaleFiles(REPO_ROOT, generatedFiles(BUILTIN_SOURCES));
    const stale = [...outdated.map((f) => `${f} (outdated)`), ...extra.map((f) => `${f} (no longer generated)`)];
    expect(stale, `stale generated files: ${stale.join(', ')}; run \`npm run docs\` and commit the result`).toEqual([]);
  });

  it('are deterministic: the same bytes every time, whatever the order of the definitions', () => {
    const once = generatedFiles(BUILTIN_SOURCES);
    expect(generatedFiles([...BUILTIN_SOURCES].reverse())).toEqual(once);
    expect(once.map((f) => f.path)).toEqual([
      'config/pipeline.schema.json',
      'docs/config-reference.md',
      'docs/connectors/README.md',
      ...BUILTIN_SOURCES.map((d) => `docs/connectors/${d.type}.md`).sort(),
    ]);
  });

  it('the config reference lists every top-level key of a pipeline config, with its default', () => {
    const reference = generatedFiles(BUILTIN_SOURCES).find((f) => f.path === 'docs/config-reference.md')?.content ?? '';
    for (const key of Object.keys(pipelineConfigSchema.shape)) expect(reference, key).toContain(`| \`${key}\` |`);
    expect(reference).toContain('| `batch.size` | integer | `50` |');
    expect(reference).toContain('| `state.type` | "sqlite" \\| "postgres" \\| "memory" |');
    expect(reference).toMatch(/\| `template` \| string \|/);
  });

  it('every built-in passes the defineSource() checks: every option described, every example accepted', () => {
    for (const definition of BUILTIN_SOURCES) expect(() => defineSource(definition), definition.type).not.toThrow();
  });

  it('document every option of every connector, and link each from the index', () => {
    const index = renderConnectorIndex(BUILTIN_SOURCES);
    for (const definition of BUILTIN_SOURCES) {
      const page = renderConnectorMarkdown(definition);
      for (const option of describeOptions(definition)) expect(page, `${definition.type}: ${option.path}`).toContain(`| \`${option.path}\``);
      for (const example of definition.examples ?? []) {
        const block = page.split(`### ${example.title}\n\n\`\`\`yaml\n`)[1]?.split('```')[0] ?? '';
        expect(parse(block), `${definition.type}: ${example.title}`).toEqual({ source: { type: definition.type, ...example.config } });
      }
      expect(index).toContain(`[\`${definition.type}\`](${definition.type}.md)`);
    }
  });
});

describe('the pipeline JSON Schema, as an editor applies it', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(buildConfigJsonSchema(BUILTIN_SOURCES));
  const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');

  const builtinExamples = findExampleConfigs(REPO_ROOT).filter((example) => {
    const type = (parse(example.text) as { source?: { type?: unknown } }).source?.type;
    return BUILTIN_SOURCES.some((d) => d.type === type);
  });
  it('has example configs of built-in sources to check', () => {
    expect(builtinExamples.length).toBeGreaterThan(2);
  });
  for (const example of builtinExamples) {
    it(`accepts ${example.label}`, () => {
      const { value } = interpolateEnv(parse(example.text) as unknown, placeholderEnv(example.text));
      expect(validate(value), errors()).toBe(true);
    });
  }

  const base = { pipeline: 'p', mapping: { document: '{{ text }}' } };
  it("applies the chosen connector's own options: a misspelt option or a wrong type is reported", () => {
    expect(validate({ ...base, source: { type: 'file', path: 'a.csv', csv: { delimiter: ';' } } }), errors()).toBe(true);
    expect(validate({ ...base, source: { type: 'file', path: 'a.csv', delimitr: ';' } })).toBe(false);
    expect(errors()).toMatch(/\/source must NOT have additional properties/);
    expect(validate({ ...base, source: { type: 'postgres', connection: 5, table: 't', cursor: 'id' } })).toBe(false);
    expect(errors()).toMatch(/\/source\/connection/);
  });

  it('accepts plugins by path or package with any options, and flags a misspelt built-in', () => {
    for (const type of ['./sources/zendesk.ts', '../plugins/a.mjs', '@acme/synap-sources', 'synap-etl-connector-intercom']) {
      expect(validate({ ...base, source: { type, anything: [1, 2] } }), `${type}: ${errors()}`).toBe(true);
    }
    expect(validate({ ...base, source: { type: 'postgress', connection: 'x' } })).toBe(false);
  });
});

describe('option docs from a schema', () => {
  const definition: SourceDefinition = {
    type: 'demo',
    description: 'A demo. Second sentence.',
    configSchema: z.strictObject({
      url: z.string().min(1).describe('Where | to read.').meta({ examples: ['https://x.test/a'] }),
      auth: z
        .union([z.string().meta({ secret: true }), z.strictObject({ user: z.string().describe('User.'), password: z.string().describe('Password.').meta({ secret: true }) })])
        .optional()
        .describe('Credentials.'),
      mode: z.enum(['fast', 'slow']).default('fast').describe('Speed.'),
      port: z.number().int().min(1).max(65535).optional().describe('Port.'),
      tables: z.array(z.strictObject({ name: z.string().describe('Table name.'), key: z.string().length(2).optional().describe('Two letters.') })).min(1).describe('Tables.'),
    }),
    create: noop,
  };

  it('lists options depth first with types, flags, defaults, bounds and examples', () => {
    const options = describeOptions(definition);
    expect(options.map((o) => [o.path, o.type, o.required, o.secret])).toEqual([
      ['url', 'string', true, false],
      ['auth', 'string | object', false, true],
      ['auth.user', 'string', true, false],
      ['auth.password', 'string', true, true],
      ['mode', "'fast' | 'slow'", false, false],
      ['port', 'integer', false, false],
      ['tables', 'object[]', true, false],
      ['tables[].name', 'string', true, false],
      ['tables[].key', 'string', false, false],
    ]);
    const by = Object.fromEntries(options.map((o) => [o.path, o]));
    expect(by.mode?.default).toBe('fast');
    expect(by.port?.constraints).toEqual(['1 to 65535']);
    expect(by['tables[].key']?.constraints).toEqual(['exactly 2 characters']);
    expect(by.tables?.constraints).toEqual(['at least 1 item']);
    expect(by.url?.examples).toEqual(['https://x.test/a']);
  });

  it('renders a Markdown table whose cells cannot break the table', () => {
    const page = renderConnectorMarkdown(definition);
    expect(page).toContain('| `url` **required** | `string` |  | Where \\| to read. Examples: `"https://x.test/a"`. |');
    expect(page).toContain('| `auth` *secret* | `string \\| object` |  | Credentials. |');
    expect(renderConnectorIndex([definition])).toContain('| [`demo`](demo.md) | A demo. |');
  });
});
