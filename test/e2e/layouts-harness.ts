import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRegistry, loadConfig, main } from '@synap-etl/cli';
import type { CommandIo } from '@synap-etl/cli';
import { SecretSet, silentLogger } from '@synap-etl/core';
import type { RunCounts } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';

/** Helpers for the layout examples in config/: run the real CLI in-process against an emulator started here. */

export const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));
export const example = (name: string): string => path.join(CONFIG_DIR, name);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `etl <args>` through main() with captured output; logs below error level are silenced. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: { ...cleanEnv(), ...env },
    registry: defaultRegistry(),
    secrets: new SecretSet(),
  };
  const code = await main(['--log-level', 'error', ...args], io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The process env without Synap or salt settings, so a developer's shell cannot change what the examples do. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('SYNAP_') || name === 'PSEUDONYM_SALT') delete env[name];
  return env;
}

export async function preview(config: string, records: number, env: NodeJS.ProcessEnv = {}): Promise<{ requests: CreateMemoryRequest[]; stderr: string }> {
  const result = await runCli(['preview', config, '-n', String(records)], env);
  if (result.code !== 0) throw new Error(`preview exited ${result.code}: ${result.stderr}`);
  return { requests: JSON.parse(result.stdout) as CreateMemoryRequest[], stderr: result.stderr };
}

export interface RunSummaryJson {
  status: string;
  counts: RunCounts;
  documentsSent: number;
}

export async function runJson(config: string, flags: string[] = []): Promise<RunSummaryJson & { code: number }> {
  const result = await runCli(['run', config, '--json', '--no-progress', ...flags]);
  if (!result.stdout.trim().startsWith('{')) throw new Error(`run printed no summary (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, ...(JSON.parse(result.stdout) as RunSummaryJson) };
}

/** Raw records of an example's source, read with the real file source (no transforms). */
export async function sourceRecords(config: string, env: NodeJS.ProcessEnv = {}): Promise<Array<Record<string, unknown>>> {
  const loaded = await loadConfig(config, defaultRegistry(), { ...cleanEnv(), ...env });
  const source = loaded.source.definition.create(loaded.source.options, { baseDir: loaded.baseDir, logger: silentLogger });
  await source.open();
  const records: Array<Record<string, unknown>> = [];
  try {
    for await (const item of source.read()) {
      if (!('data' in item) || item.data === undefined) throw new Error(`example data has an invalid record: ${item.key}`);
      records.push(item.data);
    }
  } finally {
    await source.close();
  }
  return records;
}

export interface ExampleRun {
  /** A copy of the example pointing at `emulator`, in a temp dir with its own state. */
  config: string;
  emulator: RunningEmulator;
  documents(): CreateMemoryRequest[];
  dispose(): Promise<void>;
}

export interface ExampleOptions {
  env?: NodeJS.ProcessEnv;
  /** Data to read instead of the example's own: file name -> content, written next to the copy. */
  data?: { name: string; content: string };
}

/**
 * Copies an example into a temp dir with the source path made absolute and `synap` pointed at an emulator
 * started here (API key required), so the test sees every stored document. The copy is JSON, which is YAML.
 */
export async function exampleAgainstEmulator(name: string, options: ExampleOptions = {}): Promise<ExampleRun> {
  const loaded = await loadConfig(example(name), defaultRegistry(), { ...cleanEnv(), ...options.env });
  const apiKey = `e2e-${randomBytes(8).toString('hex')}`;
  const emulator = await startEmulator({ apiKey, retainDocuments: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'etl-layouts-'));
  const source = { ...(loaded.document.source as Record<string, unknown>) };
  source.path = path.resolve(loaded.baseDir, String(source.path));
  if (options.data) {
    source.path = path.join(dir, options.data.name);
    await writeFile(source.path as string, options.data.content);
  }
  const document = {
    ...loaded.document,
    source,
    synap: { base_url: emulator.url, api_key: apiKey, instance_id: 'inst_0123456789abcdef', retry: { attempts: 1 } },
    state: { type: 'sqlite' },
  };
  const config = path.join(dir, name);
  await writeFile(config, JSON.stringify(document, null, 2));
  return {
    config,
    emulator,
    documents: () => [...emulator.store.all()].map((stored) => stored.document as CreateMemoryRequest),
    dispose: async () => {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The personal data planted in config/data (documented test values). Each literal is replaced by what the
 * examples' `redact` block must put in its place, so expected documents can be written without the detectors.
 */
export const PII: ReadonlyArray<readonly [literal: string, replacement: string]> = [
  ['jane.doe@example.com', '[email]'],
  ['m.okafor@example.org', '[email]'],
  ['li.wei+orders@example.net', '[email]'],
  ['sam_taylor@mail.example.co.uk', '[email]'],
  ['priya.raman@example.com', '[email]'],
  ['tom.becker@example.de', '[email]'],
  ['ana.souza@example.com.br', '[email]'],
  ['jane.d.work@example.com', '[email]'],
  ['marcus.o@example.net', '[email]'],
  ['wei.li@example.org', '[email]'],
  ['sam.t@example.com', '[email]'],
  ['+44 20 7946 0958', '[phone]'],
  ['(555) 123-4567', '[phone]'],
  ['06 12 34 56 78', '[phone]'],
  ['020 7946 0018', '[phone]'],
  ['+1 415-555-0132', '[phone]'],
  ['+49 30 901820', '[phone]'],
  ['555.867.5309', '[phone]'],
  ['4111 1111 1111 1111', '[card]'],
  ['5555-5555-5555-4444', '[card]'],
  ['3782 822463 10005', '[card]'],
  ['4242424242424242', '[card]'],
  ['4000 0566 5566 5556', '[card]'],
  ['5200 8282 8282 8210', '[card]'],
  ['6011 1111 1111 1117', '[card]'],
];

/** Text as the examples must send it: every planted literal replaced (plus example-specific extras). */
export function expectRedacted(text: string, extra: ReadonlyArray<readonly [string, string]> = []): string {
  return [...extra, ...PII].reduce((out, [literal, replacement]) => out.replaceAll(literal, replacement), text);
}

/** Planted PII literals (and their digits-only forms for numbers) found in `text`. */
export function piiIn(text: string): string[] {
  const found: string[] = [];
  for (const [literal, replacement] of PII) {
    if (text.includes(literal)) found.push(literal);
    const digits = literal.replace(/\D/g, '');
    if (replacement !== '[email]' && digits !== literal && text.replace(/[ .()+-]/g, '').includes(digits)) found.push(digits);
  }
  return found;
}

/** Occurrences of a pattern, e.g. order numbers that redaction must leave alone. */
export function countMatches(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, 'g'))].length;
}

export const ORDER_NUMBER = /ORD-2024-\d{6}/;
export const ISO_DATE = /\b2024-\d\d-\d\d\b/;
export const INVOICE = /#\d{6}\b/;
