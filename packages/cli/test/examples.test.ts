import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@synap-etl/core';
import { defaultRegistry } from '../src/builtins.js';
import { loadConfig } from '../src/config/load-config.js';
import { findExampleConfigs, placeholderEnv } from './helpers/example-configs.js';
import { REPO_ROOT } from './helpers/plugin-sandbox.js';

// Markdown blocks are loaded as if saved one folder below the root, like config/*.yaml, so a plugin path such
// as ../examples/http-source/src/index.ts resolves the same. The folder is git-ignored and removed at the end.
const blockDir = path.join(REPO_ROOT, `.tmp-examples-${randomBytes(4).toString('hex')}`);
afterAll(() => rmSync(blockDir, { recursive: true, force: true }));

const examples = findExampleConfigs(REPO_ROOT);

describe('every example pipeline config loads with the real config loader', () => {
  it('finds the examples in config/, examples/ and the docs', () => {
    const labels = examples.map((e) => e.label);
    expect(labels).toContain('config/quickstart.yaml');
    expect(labels).toContain('examples/http-source/pipeline.yaml');
    expect(labels.some((label) => label.startsWith('docs/authoring-connectors.md:'))).toBe(true);
  });

  for (const [index, example] of examples.entries()) {
    it(example.label, async () => {
      let file = example.file;
      if (file === undefined) {
        mkdirSync(blockDir, { recursive: true });
        file = path.join(blockDir, `block-${index}.yaml`);
        writeFileSync(file, example.text);
      }
      try {
        const loaded = await loadConfig(file, defaultRegistry(), placeholderEnv(example.text));
        expect(loaded.config.pipeline.length).toBeGreaterThan(0);
        expect(loaded.source.definition.type.length).toBeGreaterThan(0);
      } catch (error) {
        const issues = error instanceof ConfigError ? error.issues.map((i) => `\n  ${i.path}: ${i.message}`).join('') : '';
        throw new Error(`${example.label} does not load: ${(error as Error).message}${issues}`, { cause: error });
      }
    });
  }
});

describe('the example finder', () => {
  it('gives ${VAR} references without a default a value shaped by their name, and leaves defaults alone', () => {
    const env = placeholderEnv('a: ${MONGO_URL}\nb: ${PG_URL}\nc: ${API_URL}\nd: ${TOKEN}\ne: ${WITH_DEFAULT:-x}\nf: $${LITERAL}');
    expect(env).toEqual({
      MONGO_URL: expect.stringMatching(/^mongodb:\/\//),
      PG_URL: expect.stringMatching(/^postgres:\/\//),
      API_URL: expect.stringMatching(/^http:\/\//),
      TOKEN: 'example-value',
    });
  });
});
