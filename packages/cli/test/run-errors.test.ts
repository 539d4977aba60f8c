import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SourceReadError, defineSource } from '@synap-etl/core';
import type { Source } from '@synap-etl/core';
import { BUILTIN_SOURCES } from '../src/builtins.js';
import { SourceRegistry } from '../src/config/source-registry.js';
import { main } from '../src/main.js';
import { captureIo } from '../src/testing.js';
import { tempDir } from './helpers/pipeline-fixture.js';

// Regressions found in review: how `etl run` reports errors and bad command-line overrides.

const PASSWORD = 'Tr0ub4dor-and-3';

/** A source that reads one record, then fails with a driver message that echoes its connection URL. */
const leakySource = defineSource({
  type: 'leaky',
  description: 'Fails after one record with a message holding its connection URL.',
  configSchema: z.object({ connection: z.string().describe('Connection URL, with a password.') }),
  create: (config: { connection: string }): Source => ({
    async open() {},
    async *read() {
      yield { position: 1, key: 'k1', data: { text: 'hello' } };
      throw new SourceReadError(`lost connection to ${config.connection}`, 1);
    },
    async close() {},
  }),
});

const MAPPING = 'mapping:\n  document: "User: {{ text }}"\n  document_id: "d:{{ text }}"\n';

async function etl(argv: string[]) {
  const captured = captureIo({});
  captured.io.registry = new SourceRegistry([...BUILTIN_SOURCES, leakySource]);
  const code = await main(['--log-level', 'warn', ...argv], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('etl run error reporting', () => {
  let workspace: ReturnType<typeof tempDir>;
  beforeEach(() => {
    workspace = tempDir('etl-run-errors-');
  });
  afterEach(() => workspace.cleanup());

  const config = (source: string) => {
    const file = join(workspace.dir, 'p.yaml');
    writeFileSync(file, `pipeline: p\n${source}\n${MAPPING}synap: { emulator: true }\nstate: { type: memory }\n`);
    return file;
  };

  it('keeps the source password out of the --json summary of a failed run', async () => {
    const file = config(`source:\n  type: leaky\n  connection: postgres://app:${PASSWORD}@db.internal:5432/chat`);
    const result = await etl(['run', file, '--json', '--no-progress']);
    expect(result.code).toBe(4);
    const summary = JSON.parse(result.stdout) as { status: string; error: string };
    expect(summary.status).toBe('failed');
    expect(summary.error).toContain('lost connection to postgres://app:');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('refuses an out-of-range --batch-size as a config error (exit 2) before running', async () => {
    writeFileSync(join(workspace.dir, 'chat.csv'), 'text\nhello\n');
    const file = config('source: { type: file, path: chat.csv }');
    const result = await etl(['run', file, '--batch-size', '500', '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[CONFIG_INVALID]');
    expect(result.stderr).toContain('--batch-size');
    expect(result.stdout).toBe('');
  });

  it('refuses a --concurrency that is not a positive integer as a config error (exit 2)', async () => {
    writeFileSync(join(workspace.dir, 'chat.csv'), 'text\nhello\n');
    const file = config('source: { type: file, path: chat.csv }');
    for (const value of ['0', '2.5']) {
      const result = await etl(['run', file, '--concurrency', value, '--no-progress']);
      expect(result.code, `--concurrency ${value}`).toBe(2);
      expect(result.stderr).toContain('--concurrency');
    }
  });
});
