import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCaptured } from '../../src/testing.js';
import type { CliResult } from '../../src/testing.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * A folder outside the monorepo, for plugins as a user writes them in their own repo. `linkDependencies()`
 * does what `npm install zod /path/to/synap-etl/packages/core` does there: it puts those two packages in the
 * folder's node_modules (as symlinks), so the plugin's own `import 'zod'` and `import '@synap-etl/core'` resolve.
 */
export class PluginSandbox {
  readonly root: string;

  constructor(label: string) {
    this.root = realpathSync(mkdtempSync(path.join(tmpdir(), `synap-etl-plugin-${label}-`)));
  }

  linkDependencies(): this {
    this.link('zod', realpathSync(path.join(REPO_ROOT, 'packages/core/node_modules/zod')));
    this.link('@synap-etl/core', path.join(REPO_ROOT, 'packages/core'));
    return this;
  }

  link(name: string, target: string): void {
    const at = path.join(this.root, 'node_modules', name);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(target, at, 'dir');
  }

  write(relative: string, content: string): string {
    const file = path.join(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Runs `etl` in-process with captured output and the given environment only. */
export function runEtl(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCaptured([...argv, '--log-level', 'error'], env);
}

/**
 * A JSON Lines source written as a user would outside the monorepo: plain JavaScript, importing only zod and
 * @synap-etl/core. `bearer` is a credential marked secret under a name no key-based heuristic would catch.
 */
export const JSONL_PLUGIN = `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { z } from 'zod';
import { SourceConnectError, defineSource } from '@synap-etl/core';

export default defineSource({
  type: 'outside-jsonl',
  description: 'JSON Lines, one record per line: a plugin that lives outside the monorepo.',
  configSchema: z.strictObject({
    path: z.string().min(1).describe('File to read, relative to the config file.'),
    bearer: z.string().optional().describe('A credential; marked secret.').meta({ secret: true }),
    fail_open: z.boolean().default(false).describe('Make open() fail with a message quoting the credential.'),
  }),
  examples: [{ title: 'A file', config: { path: 'turns.jsonl' } }],
  create(config, context) {
    const file = path.resolve(context.baseDir, config.path);
    return {
      async open() {
        if (config.fail_open) throw new SourceConnectError('login refused for credential ' + config.bearer);
      },
      async *read({ after, signal } = {}) {
        const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
        let line = 0;
        try {
          for await (const text of lines) {
            line += 1;
            if (signal?.aborted) return;
            if (after !== undefined && line <= after) continue;
            yield { position: line, key: 'line:' + line, data: JSON.parse(text) };
          }
        } finally {
          lines.close();
        }
      },
      async close() {},
    };
  },
});
`;

/** `count` chat turns as JSON Lines. */
export function turnsJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `t${i + 1}`,
      user_id: `u${(i % 3) + 1}`,
      question: `question ${i + 1}`,
      answer: `answer ${i + 1}`,
      at: new Date(Date.UTC(2024, 2, 1) + i * 60_000).toISOString(),
    }),
  ).join('\n');
}
