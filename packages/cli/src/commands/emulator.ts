import path from 'node:path';
import { startEmulator } from '@synap-etl/synap-emulator';
import type { CommandIo } from './common.js';
import { arg } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

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

export const emulatorCli: CliCommand = {
  command: 'emulator',
  describe: 'Run a local Synap-compatible server (loopback only by default)',
  builder: (y) =>
    y
      .option('host', { type: 'string', default: '127.0.0.1' })
      .option('port', { type: 'number', default: 8787 })
      .option('api-key', { type: 'string', describe: 'Require this API key (401 otherwise)' })
      .option('data-dir', { type: 'string', describe: 'Persist documents (and dedupe) across restarts' })
      .option('latency-ms', { type: 'number' })
      .option('rate-429', { type: 'number', describe: 'Share of requests answered 429 (0-1)' })
      .option('retry-after', { type: 'number', describe: 'Retry-After seconds for injected 429s', default: 1 })
      .option('rate-5xx', { type: 'number', describe: 'Share of requests answered 503 (0-1)' })
      .option('drop-after-accept', { type: 'number', describe: 'Share of accepted batches whose connection is dropped' })
      .option('b2b', { type: 'boolean', describe: 'Reject user_id without customer_id' }),
  run: (args, io) =>
    emulatorCommand(
      {
        host: arg.string(args, 'host'),
        port: arg.number(args, 'port'),
        apiKey: arg.optionalString(args, 'apiKey'),
        dataDir: arg.optionalString(args, 'dataDir'),
        latencyMs: arg.optionalNumber(args, 'latencyMs'),
        rate429: arg.optionalNumber(args, 'rate429'),
        retryAfter: arg.optionalNumber(args, 'retryAfter'),
        rate5xx: arg.optionalNumber(args, 'rate5xx'),
        dropAfterAccept: arg.optionalNumber(args, 'dropAfterAccept'),
        b2b: arg.optionalFlag(args, 'b2b'),
      },
      io,
    ),
};
