import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore, defaultStatePath } from '@synap-etl/state';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';
import { API_KEY, documentId, ledgerTotal, pipelineYaml, runCli, statusJson, tempDir, turnRows, writeCsv } from './helpers/pipeline-fixture.js';
import type { TurnRow } from './helpers/pipeline-fixture.js';

interface FailuresJson {
  pipeline: string;
  total: number;
  rejected: number;
  failed: number;
  failures: Array<{ key: string; status: string; reason: string; field?: string; position: Record<string, unknown>; previous?: unknown }>;
}

describe('etl failures, retry and status', () => {
  let workspace: ReturnType<typeof tempDir>;
  let emulator: RunningEmulator;
  let rows: TurnRow[];
  let naive: number[];
  let configPath: string;
  const writeConfig = (timezone?: string) =>
    writeFileSync(configPath, pipelineYaml({ csv: 'turns.csv', baseUrl: emulator.url, ...(timezone ? { timezone } : {}) }));

  beforeEach(async () => {
    workspace = tempDir('etl-retry-');
    emulator = await startEmulator({ apiKey: API_KEY, retainDocuments: true });
    rows = turnRows(120, (i) => i % 17 === 3);
    naive = rows.flatMap((row, i) => (row.created_at.includes('T') ? [] : [i]));
    writeCsv(join(workspace.dir, 'turns.csv'), rows);
    configPath = join(workspace.dir, 'chats.yaml');
    writeConfig();
  });
  afterEach(async () => {
    await emulator.close();
    workspace.cleanup();
  });

  it('lists rejected records with positions and reasons; after a mapping fix, retry delivers exactly those', async () => {
    const first = await runCli(['run', configPath, '--no-progress']);
    expect(first.code).toBe(3);
    expect(emulator.store.count()).toBe(rows.length - naive.length);

    const listed = await runCli(['failures', configPath, '--json']);
    expect(listed.code).toBe(0);
    const failures = JSON.parse(listed.stdout) as FailuresJson;
    expect(failures).toMatchObject({ pipeline: 'chats', total: naive.length, rejected: naive.length, failed: 0 });
    expect(failures.failures.map((f) => f.key).sort()).toEqual(naive.map((i) => `turns.csv:${i + 1}`).sort());
    for (const failure of failures.failures) {
      const record = Number(failure.key.split(':')[1]);
      expect(failure).toMatchObject({ status: 'rejected', field: 'document_created_at', position: { file: 'turns.csv', record } });
      expect(failure.reason).toMatch(/has no UTC offset.*mapping\.timezone/);
      expect(failure.previous).toMatchObject({ file: 'turns.csv', record: record - 1 });
    }
    const limited = JSON.parse((await runCli(['failures', configPath, '--json', '--limit', '2'])).stdout) as FailuresJson;
    expect(limited.failures).toHaveLength(2);
    expect(limited.total).toBe(naive.length);
    const text = await runCli(['failures', configPath]);
    expect(text.stdout).toContain(`${naive.length} record(s) not delivered (rejected ${naive.length}, failed 0)`);
    expect(text.stdout).toMatch(/rejected {2}turns\.csv:\d+\n {2}position {2}\{"file":"turns\.csv","record":\d+/);

    writeConfig('Europe/Berlin');
    const requestsBefore = emulator.stats().requests['200'] ?? 0;
    const retry = await runCli(['retry', configPath, '--json', '--no-progress']);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({
      status: 'completed',
      failuresBefore: naive.length,
      redriven: naive.length,
      delivered: naive.length,
      already_present: 0,
      still_rejected: 0,
      still_failed: 0,
      not_found: 0,
      no_position: 0,
    });
    expect(emulator.store.count()).toBe(rows.length);
    for (const row of rows) expect(emulator.store.has(documentId(row)), documentId(row)).toBe(true);
    // Batches of 10: the re-drive sent the fixed records and nothing else.
    expect((emulator.stats().requests['200'] ?? 0) - requestsBefore).toBe(Math.ceil(naive.length / 10));
    const fixed = rows[naive[0] as number] as TurnRow;
    const berlin = new Date(`${fixed.created_at.replace(' ', 'T')}Z`).getTime() - 3_600_000;
    expect(emulator.store.get(documentId(fixed))?.document?.document_created_at).toBe(new Date(berlin).toISOString());

    const status = await statusJson(configPath);
    expect(status.ledger).toEqual({ delivered: rows.length, already_present: 0, rejected: 0, filtered: 0, failed: 0 });
    expect(status.checkpoint).toMatchObject({ file: 'turns.csv', record: rows.length });
    expect(status.runs.map((r) => [r.status, r.counts.read, r.counts.delivered])).toEqual([
      ['completed', naive.length, naive.length],
      ['completed', rows.length, rows.length - naive.length],
    ]);
    expect((await runCli(['retry', configPath])).stdout).toContain('nothing to retry');
  });

  it('keeps records that still fail as failures, with the checkpoint where it was', async () => {
    await runCli(['run', configPath, '--no-progress']);
    const before = await statusJson(configPath);
    const retry = await runCli(['retry', configPath, '--no-progress']);
    expect(retry.code).toBe(3);
    expect(retry.stdout).toMatch(new RegExp(`still rejected\\s+${naive.length}\\n`));
    expect(retry.stderr).toContain(`${naive.length} record(s) are still not delivered`);
    const after = await statusJson(configPath);
    expect(after.ledger.rejected).toBe(naive.length);
    expect(after.checkpoint).toEqual(before.checkpoint);
    expect(emulator.store.count()).toBe(rows.length - naive.length);
  });

  it('re-drives records that failed at Synap once it answers again', async () => {
    await emulator.close();
    emulator = await startEmulator({ apiKey: API_KEY, faults: { serverError: { count: 2 } } });
    writeFileSync(configPath, pipelineYaml({ csv: 'turns.csv', baseUrl: emulator.url, timezone: 'UTC', concurrency: 1, attempts: 1 }));
    const run = await runCli(['run', configPath, '--no-progress']);
    expect(run.code).toBe(3);
    const failures = JSON.parse((await runCli(['failures', configPath, '--json', '--limit', '100'])).stdout) as FailuresJson;
    expect(failures).toMatchObject({ total: 20, rejected: 0, failed: 20 });
    expect(failures.failures.map((f) => f.key).sort()).toEqual(rows.slice(0, 20).map((_, i) => `turns.csv:${i + 1}`).sort());
    expect(failures.failures[0]?.reason).toMatch(/503/);
    expect(emulator.store.count()).toBe(rows.length - 20);

    const retry = await runCli(['retry', configPath, '--json', '--no-progress']);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ redriven: 20, delivered: 20, already_present: 0, still_failed: 0 });
    expect(emulator.store.count()).toBe(rows.length);
    expect((await statusJson(configPath)).ledger).toEqual({ delivered: rows.length, already_present: 0, rejected: 0, filtered: 0, failed: 0 });
  });

  it('says so when failures carry no position to re-read from', async () => {
    await runCli(['run', configPath, '--no-progress']);
    // Outcomes recorded without `previous`, as an older synap-etl did.
    const store = new SqliteStateStore({ path: defaultStatePath(configPath) });
    await store.init();
    const [failure] = await store.failures('chats', { limit: 1 });
    const run = await store.startRun('chats', { configHash: 'old', mappingHash: 'old' });
    const { previous: _previous, runId: _runId, updatedAt: _updatedAt, ...old } = failure!;
    await store.commit(run.runId, 'chats', [old]);
    await store.finishRun(run.runId, 'completed', { read: 0, delivered: 0, already_present: 0, rejected: 0, filtered: 0, failed: 0 });
    await store.close();

    writeConfig('UTC');
    const retry = await runCli(['retry', configPath, '--no-progress']);
    expect(retry.code).toBe(3);
    expect(retry.stdout).toMatch(/no position\s+1\n/);
    expect(retry.stdout).toContain(`1 record(s) have no recorded read position, so they cannot be re-read on their own (${failure!.key})`);
    expect(emulator.store.count()).toBe(rows.length - 1);
  });

  it('status shows the checkpoint, ledger counts, runs and the size of the source', async () => {
    const empty = await runCli(['status', configPath]);
    expect(empty.stdout).toContain('checkpoint  none: the next run starts at the beginning of the source');
    expect(empty.stdout).toMatch(/\n\nno runs yet\n$/);

    await runCli(['run', configPath, '--no-progress']);
    const status = await runCli(['status', configPath]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`state       sqlite ${defaultStatePath(configPath)}`);
    expect(status.stdout).toMatch(/checkpoint {2}\{"file":"turns\.csv","record":120,/);
    expect(status.stdout).toMatch(/source {6}~\d+ record\(s\) \(estimate\), ~0 after the checkpoint/);
    expect(status.stdout).toContain(`ledger      120 record(s): delivered ${120 - naive.length}, already present 0, rejected ${naive.length}, filtered 0, failed 0`);
    expect(status.stdout).toContain(`${naive.length} not delivered: \`etl failures ${configPath}\``);
    expect(status.stdout).toMatch(/runs, newest first:\n {2}started +status +duration +read +delivered[^\n]*\n {2}\d{4}-\d\d-\d\dT[\d:.]+Z +completed +\d+\.\d s +120 +\d+/);

    const json = await statusJson(configPath);
    expect(ledgerTotal(json.ledger)).toBe(120);
    expect(json.runs).toHaveLength(1);
  });
});
