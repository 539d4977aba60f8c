import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETL_BIN, runCaptured } from '../../src/testing.js';
import type { CliResult } from '../../src/testing.js';

export const API_KEY = 'sk_test_fixture_9f3k2';
export { ETL_BIN };

/** One row of a one-row-per-turn chat export. */
export interface TurnRow {
  conversation_id: string;
  message_index: number;
  user_id: string;
  user_text: string;
  assistant_text: string;
  created_at: string;
}

/** `count` turns, five per conversation; `naive(i)` rows get a timestamp without offset (rejected without a time zone). */
export function turnRows(count: number, naive: (i: number) => boolean = () => false): TurnRow[] {
  return Array.from({ length: count }, (_, i) => {
    const conversation = Math.floor(i / 5);
    const at = new Date(Date.UTC(2024, 0, 1) + i * 61_000).toISOString();
    return {
      conversation_id: `00000000-0000-4000-8000-${conversation.toString(16).padStart(12, '0')}`,
      message_index: i % 5,
      user_id: `u_${conversation % 17}`,
      user_text: `question ${i}, "quoted", with a comma`,
      assistant_text: `answer ${i}`,
      created_at: naive(i) ? at.slice(0, 19).replace('T', ' ') : at,
    };
  });
}

export function documentId(row: TurnRow): string {
  return `backfill:${row.conversation_id}:${row.message_index}`;
}

export function writeCsv(path: string, rows: readonly TurnRow[]): void {
  const columns = ['conversation_id', 'message_index', 'user_id', 'user_text', 'assistant_text', 'created_at'] as const;
  const cell = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))];
  writeFileSync(path, `${lines.join('\n')}\n`);
}

export interface ConfigOptions {
  pipeline?: string;
  csv: string;
  baseUrl: string;
  batchSize?: number;
  concurrency?: number;
  timezone?: string;
  /** Tries per batch. @default 8 */
  attempts?: number;
  /** Extra top-level YAML appended as is (transforms). */
  extra?: string;
}

/** A pipeline YAML reading `csv` into the Synap API at `baseUrl`; state in .etl-state/ next to it. */
export function pipelineYaml(options: ConfigOptions): string {
  return [
    `pipeline: ${options.pipeline ?? 'chats'}`,
    'source:',
    '  type: file',
    '  format: csv',
    `  path: ${options.csv}`,
    'mapping:',
    ...(options.timezone ? [`  timezone: ${options.timezone}`] : []),
    '  document: "User: {{ user_text }}\\nAssistant: {{ assistant_text }}"',
    '  document_id: "backfill:{{ conversation_id }}:{{ message_index }}"',
    '  document_created_at: "{{ created_at }}"',
    '  user_id: "{{ user_id }}"',
    '  metadata:',
    '    conversation_id: "{{ conversation_id }}"',
    'batch:',
    `  size: ${options.batchSize ?? 10}`,
    'delivery:',
    `  concurrency: ${options.concurrency ?? 2}`,
    'synap:',
    `  base_url: ${options.baseUrl}`,
    `  api_key: ${API_KEY}`,
    '  retry:',
    `    attempts: ${options.attempts ?? 8}`,
    '    base_delay_ms: 10',
    '    max_delay_ms: 100',
    options.extra ?? '',
  ].join('\n');
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type { CliResult } from '../../src/testing.js';

/** Runs `etl <argv>` in this process with captured output (logs go to stderr at warn level). */
export function runCli(argv: string[]): Promise<CliResult> {
  return runCaptured(['--log-level', 'warn', ...argv], process.env);
}

export interface SpawnedCli {
  pid: number;
  output(): { stdout: string; stderr: string };
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code, or 128 + signal number when killed by a signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node bin/etl.js <argv>` as a real process (tsx is registered by the bin). */
export function spawnCli(argv: string[], cwd: string): SpawnedCli {
  const child = spawn(process.execPath, [ETL_BIN, '--log-format', 'json', ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => done({ code, signal })),
  );
  return {
    pid: child.pid ?? -1,
    output: () => ({ stdout, stderr }),
    kill: (signal) => child.kill(signal),
    exited,
  };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

/** `etl status --json`, parsed. */
export async function statusJson(configPath: string): Promise<StatusJson> {
  const result = await runCli(['status', configPath, '--json', '--no-count']);
  if (result.code !== 0) throw new Error(`etl status failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as StatusJson;
}

export interface StatusJson {
  pipeline: string;
  checkpoint: Record<string, unknown> | null;
  ledger: { delivered: number; already_present: number; rejected: number; filtered: number; failed: number };
  runs: Array<{ runId: string; status: string; counts: Record<string, number>; endedAt?: string }>;
}

export function ledgerTotal(ledger: StatusJson['ledger']): number {
  return ledger.delivered + ledger.already_present + ledger.rejected + ledger.filtered + ledger.failed;
}
