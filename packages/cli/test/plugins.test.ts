import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtlError } from '@synap-etl/core';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';
import { BUILTIN_SOURCES } from '../src/builtins.js';
import { SourceRegistry } from '../src/config/source-registry.js';
import { runProcess } from '../src/testing.js';
import { JSONL_PLUGIN, PluginSandbox, REPO_ROOT, runEtl, turnsJsonl } from './helpers/plugin-sandbox.js';

const sandbox = new PluginSandbox('loading').linkDependencies();
afterAll(() => sandbox.remove());
const registry = () => new SourceRegistry(BUILTIN_SOURCES, { packageSearchDirs: [] });

/** A minimal valid plugin body; `zod` resolves from the sandbox's node_modules. */
const plainPlugin = (type: string, exportLine = 'export default') => `
import { z } from 'zod';
${exportLine} {
  type: '${type}',
  description: 'A test plugin.',
  configSchema: z.strictObject({ n: z.number().default(1).describe('A number.') }),
  create: () => ({ async open() {}, async *read() {}, async close() {} }),
};
`;

async function failure(promise: Promise<unknown>): Promise<EtlError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EtlError);
    return error as EtlError;
  }
  throw new Error('expected the plugin to be refused');
}

describe('source.type resolution', () => {
  it('resolves a built-in by name, without loading anything', async () => {
    const resolved = await registry().locate('file', sandbox.root);
    expect(resolved.origin).toBe('builtin');
    expect(resolved.definition).toBe(BUILTIN_SOURCES.find((d) => d.type === 'file'));
  });

  it('loads a local .mjs or .ts module relative to the config, with or without its extension, or a folder index', async () => {
    sandbox.write('plugins/a.mjs', plainPlugin('plugin-a'));
    sandbox.write('plugins/b.ts', plainPlugin('plugin-b').replace("import { z } from 'zod';", "import { z } from 'zod';\nconst typed: number = 1;\nvoid typed;"));
    sandbox.write('plugins/c/index.mjs', plainPlugin('plugin-c', 'export const source ='));
    const reg = registry();
    expect((await reg.resolve('./plugins/a.mjs', sandbox.root)).type).toBe('plugin-a');
    expect((await reg.resolve('./plugins/b', sandbox.root)).type).toBe('plugin-b');
    expect((await reg.resolve('./c', path.join(sandbox.root, 'plugins'))).type).toBe('plugin-c');
    const located = await reg.locate(path.join(sandbox.root, 'plugins/a.mjs'), '/');
    expect(located).toMatchObject({ origin: 'plugin', file: path.join(sandbox.root, 'plugins/a.mjs') });
  });

  it('loads a module once, however often it is resolved', async () => {
    sandbox.write('once.mjs', plainPlugin('once'));
    const reg = registry();
    const [first, second] = await Promise.all([reg.resolve('./once.mjs', sandbox.root), reg.resolve('./once.mjs', sandbox.root)]);
    expect(second).toBe(first);
  });

  it('reports a missing path with every file it looked for', async () => {
    const error = await failure(registry().resolve('./nowhere/my-source', sandbox.root));
    expect(error.code).toBe('PLUGIN_NOT_FOUND');
    const base = path.join(sandbox.root, 'nowhere/my-source');
    for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.mjs`]) expect(error.message).toContain(candidate);
    expect(error.hint).toMatch(/relative to the config file/);
  });

  it('loads an ESM-only npm package through its "exports" import condition, and a scoped subpath pattern', async () => {
    sandbox.write(
      'node_modules/synap-etl-connector-demo/package.json',
      JSON.stringify({ name: 'synap-etl-connector-demo', type: 'module', exports: { '.': { require: './missing.cjs', import: './dist/index.mjs' } } }),
    );
    sandbox.write('node_modules/synap-etl-connector-demo/dist/index.mjs', plainPlugin('demo'));
    sandbox.write('node_modules/@acme/sources/package.json', JSON.stringify({ name: '@acme/sources', type: 'module', exports: { './*': './lib/*.mjs' } }));
    sandbox.write('node_modules/@acme/sources/lib/tickets.mjs', plainPlugin('acme-tickets', 'export const ticketsSource ='));
    const config = path.join(sandbox.root, 'config');
    expect((await registry().resolve('synap-etl-connector-demo', config)).type).toBe('demo');
    expect((await registry().resolve('@acme/sources/tickets', config)).type).toBe('acme-tickets');
  });

  it('finds packages next to the working directory or the CLI too, and names every place it looked', async () => {
    const elsewhere = new PluginSandbox('elsewhere').linkDependencies();
    try {
      elsewhere.write('node_modules/synap-etl-connector-far/package.json', JSON.stringify({ name: 'x', main: 'main.mjs' }));
      elsewhere.write('node_modules/synap-etl-connector-far/main.mjs', plainPlugin('far'));
      const reg = new SourceRegistry(BUILTIN_SOURCES, { packageSearchDirs: [elsewhere.root] });
      expect((await reg.resolve('synap-etl-connector-far', sandbox.root)).type).toBe('far');

      const error = await failure(reg.resolve('synap-etl-connector-none', sandbox.root));
      expect(error.code).toBe('PLUGIN_NOT_FOUND');
      expect(error.message).toContain(path.join(sandbox.root, 'node_modules'));
      expect(error.message).toContain(path.join(elsewhere.root, 'node_modules'));
      expect(error.message).toContain('file, postgres, mysql, mongo');
    } finally {
      elsewhere.remove();
    }
  });

  it('suggests the built-in a misspelt type meant', async () => {
    const error = await failure(registry().resolve('postgress', sandbox.root));
    expect(error.code).toBe('PLUGIN_NOT_FOUND');
    expect(error.message).toContain("did you mean 'postgres'?");
    expect(error.hint).toBe('write `type: postgres`');
  });

  it('refuses a module that is not a source definition, listing what is wrong', async () => {
    sandbox.write('bad-shape.mjs', "export default { type: 'Bad Name', create: 42 };");
    const error = await failure(registry().resolve('./bad-shape.mjs', sandbox.root));
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toContain(path.join(sandbox.root, 'bad-shape.mjs'));
    expect(error.message).toMatch(/`type` must be a lower-case name.*'Bad Name'/);
    expect(error.message).toContain('`description` (a sentence) is missing');
    expect(error.message).toContain('`configSchema` must be a zod schema');
    expect(error.message).toContain('`create(config, context)` must be a function');
  });

  it('names the exports it found when there is no default or source export, and picks a lone definition', async () => {
    sandbox.write('no-default.mjs', 'export const helper = 1; export function other() {}');
    const error = await failure(registry().resolve('./no-default.mjs', sandbox.root));
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toContain('exports found: helper, other');

    sandbox.write('named.mjs', `${plainPlugin('named-only', 'export const zendeskSource =')}\nexport const version = 2;`);
    expect((await registry().resolve('./named.mjs', sandbox.root)).type).toBe('named-only');
  });

  it('reports a syntax error or a missing dependency of the plugin as PLUGIN_INVALID with the file and a hint', async () => {
    sandbox.write('broken.mjs', 'export default {');
    const broken = await failure(registry().resolve('./broken.mjs', sandbox.root));
    expect(broken.code).toBe('PLUGIN_INVALID');
    expect(broken.message).toContain(path.join(sandbox.root, 'broken.mjs'));

    sandbox.write('needs-dep.mjs', "import 'some-package-that-is-not-installed';\nexport default {};");
    const missing = await failure(registry().resolve('./needs-dep.mjs', sandbox.root));
    expect(missing.code).toBe('PLUGIN_INVALID');
    expect(missing.message).toContain('some-package-that-is-not-installed');
    expect(missing.hint).toMatch(/install the plugin's own dependencies/);
  });

  it('surfaces a defineSource() mistake (an example the schema rejects) when the plugin loads', async () => {
    sandbox.write(
      'bad-example.mjs',
      `import { z } from 'zod';
import { defineSource } from '@synap-etl/core';
export default defineSource({
  type: 'bad-example',
  description: 'An example that does not match its schema.',
  configSchema: z.strictObject({ size: z.number().describe('A size.') }),
  examples: [{ title: 'wrong', config: { size: 'big' } }],
  create: () => ({ async open() {}, async *read() {}, async close() {} }),
});`,
    );
    const error = await failure(registry().resolve('./bad-example.mjs', sandbox.root));
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toMatch(/examples\[0\] 'wrong': size:/);
  });
});

describe('a connector written outside the monorepo, loaded by path from a YAML', () => {
  const outside = new PluginSandbox('e2e').linkDependencies();
  let emulator: RunningEmulator;
  const API_KEY = 'sk_outside_plugin_key';

  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: API_KEY, retainDocuments: true });
    outside.write('my-source.mjs', JSONL_PLUGIN);
    outside.write('data/turns.jsonl', turnsJsonl(25));
  });
  afterAll(async () => {
    await emulator.close();
    outside.remove();
  });

  const pipeline = (source: string) => `
pipeline: outside-plugin
source:
  type: ./my-source.mjs
${source}
mapping:
  document: "User: {{ question }}\\nAssistant: {{ answer }}"
  document_id: "outside:{{ id }}"
  document_created_at: "{{ at }}"
  user_id: "{{ user_id }}"
synap:
  base_url: ${emulator.url}
  api_key: \${SYNAP_API_KEY}
  instance_id: inst_0123456789abcdef
`;

  it('runs end to end: every record read and delivered, the emulator holds the documents', async () => {
    const config = outside.write('pipeline.yaml', pipeline('  path: data/turns.jsonl'));
    const result = await runEtl(['run', config, '--no-state', '--no-progress', '--json'], { SYNAP_API_KEY: API_KEY });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; counts: Record<string, number> };
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ read: 25, delivered: 25, rejected: 0, failed: 0 });
    expect(emulator.store.count()).toBe(25);
    const stored = emulator.store.get('outside:t7')?.document;
    expect(stored).toMatchObject({ document: 'User: question 7\nAssistant: answer 7', user_id: 'u1', document_created_at: '2024-03-01T00:06:00.000Z' });
  });

  it('checks the plugin\'s options with its own schema: the exact path and a suggestion, exit 2', async () => {
    const config = outside.write('typo.yaml', pipeline('  pth: data/turns.jsonl'));
    const result = await runEtl(['validate', config], { SYNAP_API_KEY: API_KEY });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('- source.pth: unknown option; did you mean `path`?');
    expect(result.stderr).toContain('- source.path: expected string');
  });

  it('redacts a value the plugin marks secret, whatever its name, from the errors it causes', async () => {
    const credential = 'cr3dential-9000';
    const config = outside.write('secret.yaml', pipeline(`  path: data/turns.jsonl\n  bearer: ${credential}\n  fail_open: true`));
    const result = await runEtl(['run', config, '--no-state'], { SYNAP_API_KEY: API_KEY });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('login refused for credential ***');
    expect(result.stdout + result.stderr).not.toContain(credential);
  });

  it('is loaded by the real `etl` binary too (TypeScript through tsx, not only under the test runner)', async () => {
    const config = outside.write('binary.yaml', pipeline('  path: data/turns.jsonl'));
    const result = await runProcess(['validate', config, '-n', '3'], { cwd: REPO_ROOT, env: { ...process.env, SYNAP_API_KEY: API_KEY } });
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("source 'outside-jsonl'");
    expect(result.stdout).toContain('mapping: 3 of the first 3 items mapped without error');
  });
});
