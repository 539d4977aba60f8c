import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessFigures {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Highest resident set size seen while sampling, in MiB. */
  peakRssMiB: number;
  /** RSS samples in MiB, in time order (for the growth check). */
  samples: number[];
}

function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a command to completion, sampling its RSS from /proc every `intervalMs`. Linux only. */
export function measure(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; intervalMs?: number }): Promise<ProcessFigures> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const samples: number[] = [];
    const timer = setInterval(() => {
      const rss = child.pid === undefined ? undefined : rssMiB(child.pid);
      if (rss !== undefined) samples.push(rss);
    }, options.intervalMs ?? 100);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
        peakRssMiB: samples.length ? Math.max(...samples) : Number.NaN,
        samples,
      });
    });
  });
}
