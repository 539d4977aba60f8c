import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { defaultRegistry, loadConfig } from '@synap-etl/cli';
import { runCaptured } from '@synap-etl/cli/testing';
import type { CliResult } from '@synap-etl/cli/testing';
import { silentLogger } from '@synap-etl/core';
import type { RunCounts } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { RunningEmulator } from '@synap-etl/synap-emulator';

/** Helpers for the layout examples in config/: run the real CLI in-process against an emulator started here. */

export const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));
export const example = (name: string): string => path.join(CONFIG_DIR, name);

/** Runs `etl <args>` through main() with captured output; logs below error level are silenced. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCaptured(['--log-level', 'error', ...args], { ...cleanEnv(), ...env });
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

export type RunJson = RunSummaryJson & { code: number };

export async function runJson(config: string, flags: string[] = []): Promise<RunJson> {
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

/** The state of one example's describe block. */
export interface ExampleFixture<R> {
  /** The example's raw source records. */
  readonly records: R[];
  readonly run: ExampleRun;
  /** The summary of the first `etl run` of the copy. */
  readonly first: RunJson;
}

/**
 * Registers the hooks of a describe block about one example: read its source records, copy it against an
 * emulator and run it once; dispose of the copy afterwards. The returned function gives the fixture inside tests.
 */
export function useExampleRun<R>(name: string, env: NodeJS.ProcessEnv = {}): () => ExampleFixture<R> {
  let run: ExampleRun | undefined;
  let fixture: ExampleFixture<R> | undefined;
  beforeAll(async () => {
    const records = (await sourceRecords(example(name), env)) as R[];
    run = await exampleAgainstEmulator(name, { env });
    fixture = { records, run, first: await runJson(run.config) };
  });
  afterAll(async () => {
    await run?.dispose();
  });
  return () => {
    if (fixture === undefined) throw new Error(`${name} has not run yet: use the fixture inside tests`);
    return fixture;
  };
}

export const sortedById = (documents: CreateMemoryRequest[]): CreateMemoryRequest[] =>
  [...documents].sort((a, b) => a.document_id!.localeCompare(b.document_id!));

/** The first run read every record, delivered the `kept` ones, filtered the rest, and stored exactly `expected`. */
export function expectFirstRun(fixture: ExampleFixture<unknown>, kept: number, expected: CreateMemoryRequest[]): void {
  const { first, records, run } = fixture;
  expect(first.code).toBe(0);
  expect(first.counts).toEqual({
    read: records.length,
    delivered: kept,
    already_present: 0,
    rejected: 0,
    filtered: records.length - kept,
    failed: 0,
  });
  expect(first.documentsSent).toBe(expected.length);
  expect(sortedById(run.documents())).toEqual(sortedById(expected));
}

/** Previews `count` documents of the copy and checks each is exactly the document the run stored. */
export async function previewOfStored(
  run: ExampleRun,
  count: number,
  env: NodeJS.ProcessEnv = {},
): Promise<{ requests: CreateMemoryRequest[]; stderr: string }> {
  const result = await preview(run.config, count, env);
  expect(result.requests).toHaveLength(count);
  for (const request of result.requests) expect(request).toEqual(run.emulator.store.get(request.document_id!)?.document);
  return result;
}

/** Running the copy again resumes past its end: nothing read, nothing sent. */
export async function expectResumeSendsNothing(run: ExampleRun): Promise<void> {
  const resumed = await runJson(run.config);
  expect(resumed.code).toBe(0);
  expect(resumed.counts.read).toBe(0);
  expect(resumed.documentsSent).toBe(0);
}

/** `--from-scratch` sends every document again under the same id; the API answers already present for each. */
export async function expectFromScratchAlreadyPresent(fixture: ExampleFixture<unknown>): Promise<void> {
  const { first, run } = fixture;
  const storedIds = () => run.documents().map((d) => d.document_id).sort();
  const ids = storedIds();
  const again = await runJson(run.config, ['--from-scratch']);
  expect(again.code).toBe(0);
  expect(again.counts).toEqual({ ...first.counts, delivered: 0, already_present: first.counts.delivered });
  expect(again.documentsSent).toBe(first.documentsSent);
  expect(storedIds()).toEqual(ids);
  expect(run.emulator.store.count()).toBe(first.documentsSent);
}
