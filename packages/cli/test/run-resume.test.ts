import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';
import { API_KEY, pipelineYaml, runCli, statusJson, tempDir, turnRows, writeCsv } from './helpers/pipeline-fixture.js';

describe('etl run: resume, mapping changes, --from-scratch', () => {
  let workspace: ReturnType<typeof tempDir>;
  let emulator: RunningEmulator;
  let configPath: string;
  const rows = turnRows(50);
  const writeConfig = (timezone?: string) =>
    writeFileSync(configPath, pipelineYaml({ csv: 'turns.csv', baseUrl: emulator.url, ...(timezone ? { timezone } : {}) }));

  beforeEach(async () => {
    workspace = tempDir('etl-resume-');
    emulator = await startEmulator({ apiKey: API_KEY });
    configPath = join(workspace.dir, 'chats.yaml');
    writeCsv(join(workspace.dir, 'turns.csv'), rows.slice(0, 30));
    writeConfig();
  });
  afterEach(async () => {
    await emulator.close();
    workspace.cleanup();
  });

  it('reports a mapping changed since the last run before sending anything, and goes on only when told', async () => {
    expect((await runCli(['run', configPath, '--no-progress'])).code).toBe(0);
    expect(emulator.store.count()).toBe(30);
    writeCsv(join(workspace.dir, 'turns.csv'), rows);
    writeConfig('Europe/Berlin');
    const requests = emulator.stats().requests;

    const refused = await runCli(['run', configPath, '--no-progress']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error [MAPPING_CHANGED]: the mapping of pipeline 'chats' changed since its last run; nothing was sent");
    expect(refused.stderr).toContain('--accept-mapping-change');
    expect(emulator.stats().requests).toEqual(requests);
    expect(emulator.store.count()).toBe(30);
    expect((await statusJson(configPath)).runs).toHaveLength(1);

    const accepted = await runCli(['run', configPath, '--no-progress', '--accept-mapping-change']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/read\s+20\n\s+delivered\s+20\n\s+already present\s+0\n/);
    expect(emulator.store.count()).toBe(50);
    // The new mapping is now the last one: the next run resumes without asking.
    const again = await runCli(['run', configPath, '--no-progress']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/read\s+0\n/);
  });

  it('--from-scratch forgets checkpoint and ledger; stable ids make every re-sent document already present', async () => {
    writeCsv(join(workspace.dir, 'turns.csv'), rows);
    expect((await runCli(['run', configPath, '--no-progress'])).code).toBe(0);
    const fresh = await runCli(['run', configPath, '--no-progress', '--from-scratch']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/read\s+50\n\s+delivered\s+0\n\s+already present\s+50\n/);
    expect(emulator.store.count()).toBe(50);
    const status = await statusJson(configPath);
    expect(status.ledger).toEqual({ delivered: 0, already_present: 50, rejected: 0, filtered: 0, failed: 0 });
    expect(status.runs).toHaveLength(2);
  });
});
