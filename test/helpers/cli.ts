import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCaptured, runProcess } from '@synap-etl/cli/testing';
import type { CliResult } from '@synap-etl/cli/testing';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the CLI in-process with captured output, in this process's environment plus `env`. */
export function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCaptured(argv, { ...process.env, ...env });
}

/** Runs the CLI as a real process, the way a user does. */
export function spawnCli(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return runProcess(argv, { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env } });
}

export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'synap-etl-e2e-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
