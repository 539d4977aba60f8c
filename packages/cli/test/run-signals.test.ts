import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';
import { API_KEY, documentId, ledgerTotal, pipelineYaml, runCli, spawnCli, statusJson, tempDir, turnRows, waitFor, writeCsv } from './helpers/pipeline-fixture.js';
import type { SpawnedCli, TurnRow } from './helpers/pipeline-fixture.js';

// Real processes: `node bin/etl.js run`, stopped with SIGINT while batches are in flight.
describe('etl run stopped by a signal', () => {
  let workspace: ReturnType<typeof tempDir>;
  let emulator: RunningEmulator;
  let configPath: string;
  let child: SpawnedCli | undefined;

  const setup = async (count: number, latencyMs: number): Promise<TurnRow[]> => {
    emulator = await startEmulator({ apiKey: API_KEY, faults: { latencyMs } });
    const rows = turnRows(count);
    writeCsv(join(workspace.dir, 'turns.csv'), rows);
    writeFileSync(configPath, pipelineYaml({ csv: 'turns.csv', baseUrl: emulator.url, batchSize: 10, concurrency: 2 }));
    return rows;
  };

  const expectEveryDocumentOnce = (rows: readonly TurnRow[]) => {
    expect(emulator.store.count()).toBe(rows.length);
    const missing = rows.map(documentId).filter((id) => !emulator.store.has(id));
    expect(missing).toEqual([]);
  };

  beforeEach(() => {
    workspace = tempDir('etl-signals-');
    configPath = join(workspace.dir, 'chats.yaml');
  });
  afterEach(async () => {
    if (child) {
      child.kill('SIGKILL');
      await child.exited;
      child = undefined;
    }
    await emulator.close();
    workspace.cleanup();
  });

  it('on SIGINT finishes in-flight batches, saves state, prints the summary and exits 130; the next run completes', async () => {
    const rows = await setup(2000, 30);
    child = spawnCli(['run', configPath, '--no-progress'], workspace.dir);
    await waitFor(() => emulator.store.count() >= 100, 20_000, 'the first deliveries');
    child.kill('SIGINT');
    const exit = await child.exited;
    const { stdout, stderr } = child.output();
    child = undefined;

    expect(exit.code).toBe(130);
    expect(stderr).toContain('SIGINT: stopping after in-flight batches');
    const summary = /chats \(run [0-9a-f-]+\): interrupted\n\s+read\s+([\d,]+)\n\s+delivered\s+([\d,]+)/.exec(stdout);
    expect(summary, stdout).not.toBeNull();

    // Consistent state: whatever Synap accepted was acknowledged and recorded, and the checkpoint is right after it.
    const status = await statusJson(configPath);
    const recorded = ledgerTotal(status.ledger);
    expect(status.runs[0]?.status).toBe('interrupted');
    expect(recorded).toBeGreaterThanOrEqual(100);
    expect(recorded).toBeLessThan(rows.length);
    expect(status.ledger.delivered).toBe(recorded);
    expect(emulator.store.count()).toBe(recorded);
    expect(status.checkpoint).toMatchObject({ file: 'turns.csv', record: recorded });
    expect(Number(summary?.[2]?.replaceAll(',', ''))).toBe(recorded);

    emulator.setFaults({});
    const second = await runCli(['run', configPath, '--no-progress']);
    expect(second.code).toBe(0);
    expectEveryDocumentOnce(rows);
    const after = await statusJson(configPath);
    // Resumed exactly after the checkpoint: nothing was sent twice.
    expect(after.ledger).toEqual({ delivered: rows.length, already_present: 0, rejected: 0, filtered: 0, failed: 0 });
    expect(after.runs.map((r) => r.status)).toEqual(['completed', 'interrupted']);
  });

  it('on a second SIGINT exits at once without waiting for in-flight batches; state stays consistent', async () => {
    const rows = await setup(400, 2500);
    child = spawnCli(['run', configPath, '--no-progress'], workspace.dir);
    await waitFor(() => emulator.store.count() >= 20, 30_000, 'the first deliveries');
    // Let the next batches get under way, then stop twice.
    await new Promise((done) => setTimeout(done, 200));
    child.kill('SIGINT');
    await waitFor(() => child!.output().stderr.includes('SIGINT: stopping'), 5000, 'the first signal to be handled');
    const second = Date.now();
    child.kill('SIGINT');
    const exit = await child.exited;
    const { stdout, stderr } = child.output();
    child = undefined;

    expect(exit.code).toBe(130);
    // In-flight batches take 2.5 s at the emulator; a graceful stop would have waited for them.
    expect(Date.now() - second).toBeLessThan(1500);
    expect(stderr).toContain('SIGINT again: exiting now');
    expect(stdout).not.toMatch(/interrupted\n\s+read/);

    const status = await statusJson(configPath);
    const recorded = ledgerTotal(status.ledger);
    expect(status.runs[0]?.status).toBe('running');
    expect(status.ledger.delivered).toBe(recorded);
    expect(recorded).toBeGreaterThanOrEqual(20);
    expect(emulator.store.count()).toBeGreaterThanOrEqual(recorded);
    // Batches may complete out of order: the checkpoint never passes one that was not recorded.
    expect(status.checkpoint).toMatchObject({ file: 'turns.csv' });
    expect(Number(status.checkpoint?.record)).toBeLessThanOrEqual(recorded);

    emulator.setFaults({});
    const next = await runCli(['run', configPath, '--no-progress']);
    expect(next.code).toBe(0);
    expectEveryDocumentOnce(rows);
    const after = await statusJson(configPath);
    expect(ledgerTotal(after.ledger)).toBe(rows.length);
    expect(after.ledger.delivered + after.ledger.already_present).toBe(rows.length);
    // The run left behind by the hard exit is marked interrupted when the next one starts.
    expect(after.runs.map((r) => r.status)).toEqual(['completed', 'interrupted']);
  });
});
