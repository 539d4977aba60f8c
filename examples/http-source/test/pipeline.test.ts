import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretSet } from '@synap-etl/core';
import { defaultRegistry, main } from '@synap-etl/cli';
import { sampleMessages, startConversationApi } from '../demo/conversation-api.js';
import type { RunningConversationApi } from '../demo/conversation-api.js';

const PIPELINE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../pipeline.yaml');
const TOKEN = 'pipeline-test-token';

let api: RunningConversationApi;
beforeAll(async () => {
  api = await startConversationApi({ records: sampleMessages(12), token: TOKEN });
});
afterAll(() => api.close());

async function etl(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
    env: { SUPPORT_API_URL: api.url, SUPPORT_API_TOKEN: TOKEN },
    registry: defaultRegistry(),
    secrets: new SecretSet(),
  });
  return { code, stdout, stderr };
}

describe('examples/http-source/pipeline.yaml, the plugin loaded by path', () => {
  it('runs end to end: 48 messages read, one transcript per conversation delivered', async () => {
    const result = await etl(['run', PIPELINE, '--no-state', '--no-progress', '--json', '--log-level', 'error']);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; counts: Record<string, number>; documentsSent: number };
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ read: 48, delivered: 48, rejected: 0, failed: 0 });
    expect(summary.documentsSent).toBe(12);
  });

  it('previews the first transcript with speaker labels, exactly as it would be sent', async () => {
    const result = await etl(['preview', PIPELINE, '-n', '1', '--log-level', 'error']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('User: Hi, my order #4100 has not arrived yet.');
    expect(result.stdout).toContain('Assistant: Sorry about that.');
  });
});
