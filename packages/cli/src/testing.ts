import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SecretSet } from '@synap-etl/core';
import { defaultRegistry } from './builtins.js';
import type { CommandIo } from './commands/common.js';
import { main } from './main.js';

/**
 * Helpers for tests that drive `etl` (`@synap-etl/cli/testing`): in this process through main() with captured
 * output, or as a real process through bin/etl.js, the way a user runs it. The CLI itself never uses them.
 */

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const ETL_BIN = fileURLToPath(new URL('../bin/etl.js', import.meta.url));

export interface CapturedIo {
  io: CommandIo;
  /** What the commands printed, as a terminal would show it. */
  stdout(): string;
  stderr(): string;
}

/** An io for main() that keeps what commands print (one line per message) and sees exactly `env`. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    io: {
      stdout: (text) => (stdout += line(text)),
      stderr: (text) => (stderr += line(text)),
      env,
      registry: defaultRegistry(),
      secrets: new SecretSet(),
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Runs `etl <argv>` in this process with captured output and exactly `env` as its environment. */
export async function runCaptured(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const captured = captureIo(env);
  const code = await main(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Runs `node bin/etl.js <argv>` as a child process with exactly `env`; resolves when it exits (-1: killed). */
export function runProcess(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ETL_BIN, ...argv], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
