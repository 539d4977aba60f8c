import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';
import { API_KEY, ledgerTotal, runCli, statusJson, tempDir } from './helpers/pipeline-fixture.js';

interface RunJson {
  status: string;
  counts: { read: number; delivered: number; already_present: number; rejected: number; filtered: number; failed: number };
  unfinished: number;
}

/** Three conversations of four turns, then one whose messages are all system notes (left out of transcripts). */
function messages(): string {
  const rows: Array<Record<string, string>> = [];
  for (const c of ['c1', 'c2', 'c3']) {
    for (let i = 0; i < 4; i++) rows.push({ conversation_id: c, role: i % 2 ? 'assistant' : 'user', content: `${c} turn ${i}` });
  }
  rows.push({ conversation_id: 'c4', role: 'system', content: 'note one' }, { conversation_id: 'c4', role: 'system', content: 'note two' });
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

function yaml(baseUrl: string, documentId: string): string {
  return [
    'pipeline: grouped',
    'source: { type: file, format: jsonl, path: messages.jsonl }',
    'group: { by: conversation_id, role: role, text: content, window: { max_turns: 2 } }',
    'mapping:',
    '  document: "{{ transcript }}"',
    `  document_id: "${documentId}"`,
    '  document_created_at: "2024-01-01T00:00:00Z"',
    'batch: { size: 1 }',
    'delivery: { concurrency: 1 }',
    'synap:',
    `  base_url: ${baseUrl}`,
    `  api_key: ${API_KEY}`,
    '  retry: { attempts: 1, base_delay_ms: 10, max_delay_ms: 50 }',
  ].join('\n');
}

describe('nothing lost, nothing doubled, through the CLI', () => {
  let workspace: ReturnType<typeof tempDir>;
  let emulator: RunningEmulator | undefined;
  let configPath: string;

  beforeEach(() => {
    workspace = tempDir('etl-exactly-once-');
    writeFileSync(join(workspace.dir, 'messages.jsonl'), messages());
    configPath = join(workspace.dir, 'grouped.yaml');
  });
  afterEach(async () => {
    await emulator?.close();
    workspace.cleanup();
  });

  it('a failed window of a grouped conversation: retry delivers it once, a re-run reads nothing again', async () => {
    emulator = await startEmulator({ apiKey: API_KEY, retainDocuments: true, faults: { serverError: { count: 1 } } });
    writeFileSync(configPath, yaml(emulator.url, '{{ conversation_id }}:{{ window }}'));

    const first = await runCli(['run', configPath, '--no-progress', '--json']);
    const summary = JSON.parse(first.stdout) as RunJson;
    expect(summary.counts).toMatchObject({ read: 14, delivered: 10, failed: 2, filtered: 2 });
    expect(summary.unfinished).toBe(0);
    expect(emulator.store.has('c1:0')).toBe(false);

    const retry = await runCli(['retry', configPath, '--json', '--no-progress']);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ redriven: 2, delivered: 2, still_failed: 0, not_found: 0 });
    expect([...emulator.store.all()].map((d) => d.documentId).sort()).toEqual(['c1:0', 'c1:1', 'c2:0', 'c2:1', 'c3:0', 'c3:1']);

    // The trailing all-system conversation was accounted: the checkpoint is past it, so nothing is read twice.
    const again = JSON.parse((await runCli(['run', configPath, '--no-progress', '--json'])).stdout) as RunJson;
    expect(again.counts.read).toBe(0);
    const status = await statusJson(configPath);
    expect(status.ledger).toEqual({ delivered: 12, already_present: 0, rejected: 0, filtered: 2, failed: 0 });
    expect(ledgerTotal(status.ledger)).toBe(14);
  });

  it('a document_id mapping that gives two windows the same id rejects the later one instead of dropping it as a duplicate', async () => {
    emulator = await startEmulator({ apiKey: API_KEY, retainDocuments: true });
    writeFileSync(configPath, yaml(emulator.url, '{{ conversation_id }}'));

    const run = await runCli(['run', configPath, '--no-progress', '--json']);
    const summary = JSON.parse(run.stdout) as RunJson;
    expect(summary.counts).toMatchObject({ read: 14, delivered: 6, already_present: 0, rejected: 6, filtered: 2 });
    expect(emulator.store.count()).toBe(3);
    const failures = JSON.parse((await runCli(['failures', configPath, '--json'])).stdout) as { failures: Array<{ field?: string; reason: string }> };
    expect(failures.failures).toHaveLength(6);
    for (const failure of failures.failures) {
      expect(failure.field).toBe('document_id');
      expect(failure.reason).toMatch(/same document_id/);
    }
  });
});
