import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';

/**
 * Crash safety end to end: `etl run` is killed with SIGKILL at random moments, several times in a row, while
 * the Synap emulator drops the connection of one accepted batch in five (the client cannot know it succeeded
 * and sends it again). A last run without kill must leave every document in Synap exactly once, and the
 * ledger must account for every source record.
 */

const ETL_BIN = fileURLToPath(new URL('../../packages/cli/bin/etl.js', import.meta.url));
const API_KEY = 'sk_test_crash_7d1e';
const RECORDS = 3000;
const KILLS = 5;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(argv: string[], cwd: string) {
  const child = spawn(process.execPath, [ETL_BIN, '--log-format', 'json', ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let ended = false;
  const output = () => stderr;
  const exited = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => {
      ended = true;
      done({ code, signal, stdout, stderr });
    }),
  );
  return { child, exited, ended: () => ended, output };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

function documentId(i: number): string {
  return `crash:${Math.floor(i / 4)}:${i % 4}`;
}

describe('etl run killed with SIGKILL again and again', () => {
  const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  let dir: string;
  let emulator: RunningEmulator;
  let configPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'etl-crash-'));
    const lines = Array.from({ length: RECORDS }, (_, i) =>
      JSON.stringify({
        conversation_id: Math.floor(i / 4),
        message_index: i % 4,
        user_id: `u_${i % 23}`,
        text: `message ${i} ${'x'.repeat(i % 50)}`,
        reply: `reply ${i}`,
        created_at: new Date(Date.UTC(2024, 2, 1) + i * 30_000).toISOString(),
      }),
    );
    writeFileSync(join(dir, 'turns.jsonl'), `${lines.join('\n')}\n`);
    emulator = await startEmulator({
      port: 0,
      apiKey: API_KEY,
      dataDir: join(dir, 'emulator'),
      faults: { seed, latencyMs: 25, dropAfterAccept: { rate: 0.2 } },
    });
    configPath = join(dir, 'crash.yaml');
    writeFileSync(
      configPath,
      [
        'pipeline: crash',
        'source: { type: file, path: turns.jsonl }',
        'mapping:',
        '  document: "User: {{ text }}\\nAssistant: {{ reply }}"',
        '  document_id: "crash:{{ conversation_id }}:{{ message_index }}"',
        '  document_created_at: "{{ created_at }}"',
        '  user_id: "{{ user_id }}"',
        'batch: { size: 10 }',
        'delivery: { concurrency: 2 }',
        'synap:',
        `  base_url: ${emulator.url}`,
        `  api_key: ${API_KEY}`,
        '  retry: { attempts: 10, base_delay_ms: 5, max_delay_ms: 50 }',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves every document in Synap exactly once and every record in the ledger', async () => {
    const random = seededRandom(seed);
    const context = `CRASH_SEED=${seed}`;
    let killedMidRun = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const run = startCli(['run', configPath, '--no-progress'], dir);
      // Kill at a random moment once this run is delivering, so the kill lands with batches in flight.
      await until(() => run.ended() || /run [0-9a-f-]{36}: crash from file/.test(run.output()), 20_000);
      const before = emulator.store.count();
      await until(() => run.ended() || emulator.store.count() > before, 20_000);
      await sleep(20 + random() * 400);
      if (!run.ended()) run.child.kill('SIGKILL');
      const exit = await run.exited;
      if (exit.signal === 'SIGKILL') killedMidRun += 1;
      else expect(exit.code, `${context}\n${exit.stderr}`).toBe(0);
    }
    expect(killedMidRun, context).toBeGreaterThanOrEqual(3);
    expect(emulator.store.count(), context).toBeLessThan(RECORDS);

    const last = await startCli(['run', configPath, '--no-progress'], dir).exited;
    expect(last.code, `${context}\n${last.stderr}`).toBe(0);
    expect(last.stdout).toMatch(/crash \(run [0-9a-f-]+\): completed/);

    // Synap holds each expected document exactly once (it dedupes by id: a missing one is the failure to look for).
    expect(emulator.store.count(), context).toBe(RECORDS);
    const missing = Array.from({ length: RECORDS }, (_, i) => documentId(i)).filter((id) => !emulator.store.has(id));
    expect(missing, context).toEqual([]);
    expect(emulator.stats().requests.dropped ?? 0, 'the emulator dropped connections').toBeGreaterThan(0);

    const status = await startCli(['status', configPath, '--json', '--no-count'], dir).exited;
    expect(status.code, status.stderr).toBe(0);
    const { ledger, checkpoint, runs } = JSON.parse(status.stdout) as {
      ledger: Record<'delivered' | 'already_present' | 'rejected' | 'filtered' | 'failed', number>;
      checkpoint: { file: string; line: number };
      runs: Array<{ status: string }>;
    };
    expect(ledger.delivered + ledger.already_present + ledger.rejected + ledger.filtered + ledger.failed, context).toBe(RECORDS);
    expect(ledger.delivered + ledger.already_present, context).toBe(RECORDS);
    expect(checkpoint).toMatchObject({ file: 'turns.jsonl', line: RECORDS });
    // Each killed run was marked interrupted when the next one started; none is left 'running'.
    expect(runs[0]?.status).toBe('completed');
    expect(runs.filter((r) => r.status === 'interrupted').length, `${context} ${JSON.stringify(runs)}`).toBe(killedMidRun);
    expect(runs.some((r) => r.status === 'running')).toBe(false);
  });
});
