import path from 'node:path';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { CommandIo } from './common.js';

export interface EmulatorOptions {
  host: string;
  port: number;
  apiKey?: string;
  dataDir?: string;
  latencyMs?: number;
  rate429?: number;
  retryAfter?: number;
  rate5xx?: number;
  dropAfterAccept?: number;
  b2b?: boolean;
}

/** Runs a local Synap-compatible server until SIGINT/SIGTERM. */
export async function emulatorCommand(options: EmulatorOptions, io: CommandIo, until?: Promise<void>): Promise<number> {
  const emulator = await startEmulator({
    host: options.host,
    port: options.port,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.dataDir ? { dataDir: path.resolve(options.dataDir) } : {}),
    ...(options.b2b ? { b2b: true } : {}),
    faults: {
      ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
      ...(options.rate429 ? { rateLimit: { rate: options.rate429, retryAfterSeconds: options.retryAfter ?? 1 } } : {}),
      ...(options.rate5xx ? { serverError: { rate: options.rate5xx } } : {}),
      ...(options.dropAfterAccept ? { dropAfterAccept: { rate: options.dropAfterAccept } } : {}),
    },
  });
  io.stdout(`Synap emulator listening on ${emulator.url}`);
  io.stdout(`  point a pipeline at it with synap.base_url: ${emulator.url}${options.apiKey ? ' and the api key you set' : ' (any API key is accepted)'}`);
  await (until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  await emulator.close();
  io.stdout('emulator stopped');
  return 0;
}
