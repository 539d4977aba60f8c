import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_SOURCES } from '../src/builtins.js';
import { firstSentence } from '../src/docs/connector-markdown.js';
import { describeOptions } from '../src/docs/option-model.js';
import { JSONL_PLUGIN, PluginSandbox, runEtl } from './helpers/plugin-sandbox.js';

const sandbox = new PluginSandbox('connectors').linkDependencies();
afterAll(() => sandbox.remove());

describe('etl connectors', () => {
  it('lists every built-in source with the first sentence of its description', async () => {
    const result = await runEtl(['connectors']);
    expect(result.code).toBe(0);
    for (const def of BUILTIN_SOURCES) {
      expect(result.stdout).toMatch(new RegExp(`^  ${def.type} +${escape(firstSentence(def.description))}$`, 'm'));
    }
    expect(result.stdout).toContain('etl new connector <name>');
  });

  it('lists them as JSON with --json', async () => {
    const result = await runEtl(['connectors', '--json']);
    expect(JSON.parse(result.stdout)).toEqual(BUILTIN_SOURCES.map((d) => ({ type: d.type, description: d.description })));
  });

  for (const definition of BUILTIN_SOURCES) {
    it(`shows every option of '${definition.type}' with its type, flags and default, and its examples as YAML`, async () => {
      const result = await runEtl(['connectors', definition.type]);
      expect(result.code).toBe(0);
      for (const option of describeOptions(definition)) {
        const flags = [option.required ? 'required' : '', option.secret ? 'secret' : ''].filter(Boolean);
        const head = `  ${option.path}${flags.length ? ` (${flags.join(', ')})` : ''}: ${option.type}`;
        expect(result.stdout).toContain(option.default === undefined ? `${head}\n` : `${head}  default ${JSON.stringify(option.default)}`);
      }
      for (const example of definition.examples ?? []) {
        const block = result.stdout.split(`  # ${example.title}\n`)[1]?.split('\n\n')[0] ?? '';
        expect(parse(block.replace(/^ {2}/gm, ''))).toEqual({ source: { type: definition.type, ...example.config } });
      }
    });
  }

  it('describes a plugin by path with its own schema, and says where it came from', async () => {
    const file = sandbox.write('my-source.mjs', JSONL_PLUGIN);
    const result = await runEtl(['connectors', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^outside-jsonl \(plugin .*my-source\.mjs\)/);
    expect(result.stdout).toContain('  path (required): string');
    expect(result.stdout).toContain('  bearer (secret): string');
    expect(result.stdout).toContain('  fail_open: boolean  default false');

    const json = JSON.parse((await runEtl(['connectors', file, '--json'])).stdout) as { origin: string; options: Array<{ path: string }> };
    expect(json.origin).toBe(file);
    expect(json.options.map((o) => o.path)).toEqual(['path', 'bearer', 'fail_open']);
  });

  it('answers an unknown name with PLUGIN_NOT_FOUND and exit 2', async () => {
    const result = await runEtl(['connectors', 'zendesk']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error [PLUGIN_NOT_FOUND]: unknown source type 'zendesk'");
  });

  it('rejects `etl new` of anything but a connector as a usage error', async () => {
    const result = await runEtl(['new', 'widget', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Invalid values|choices/i);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
