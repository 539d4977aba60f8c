import yargs from 'yargs';
import type { Argv } from 'yargs';
import { defaultIo } from './commands/common.js';
import type { CommandIo } from './commands/common.js';
import { connectorsCommand } from './commands/connectors.js';
import { emulatorCommand } from './commands/emulator.js';
import { failuresCommand } from './commands/failures.js';
import { newConnectorCommand } from './commands/new-connector.js';
import { previewCommand } from './commands/preview.js';
import { retryCommand } from './commands/retry.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, exitCodeForError } from './output/exit-codes.js';
import { formatError } from './output/format-error.js';
import type { LogFormat } from './output/logger.js';

type Handler = () => Promise<number>;

/** Parses argv, runs one command, and returns the exit code. Never calls process.exit itself. */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  let pending: Handler | undefined;
  const set = (handler: Handler) => {
    pending = handler;
  };
  const global = (args: Record<string, unknown>) => ({
    logFormat: args.logFormat as LogFormat,
    logLevel: (args.logLevel as string | undefined) ?? 'info',
  });

  const parser = yargs(argv)
    .scriptName('etl')
    .usage('$0 <command> [options]\n\nMove conversation history into the Synap memory API.')
    .option('log-format', { choices: ['pretty', 'json'] as const, default: 'pretty', describe: 'Log lines on stderr' })
    .option('log-level', { choices: ['debug', 'info', 'warn', 'error'] as const, default: 'info' })
    .command(
      'run <config>',
      'Run a pipeline: read, map, deliver; resumes from its checkpoint',
      (y: Argv) =>
        y
          .positional('config', { type: 'string', demandOption: true, describe: 'Pipeline YAML file' })
          .option('from-scratch', { type: 'boolean', describe: 'Forget the checkpoint and ledger, start over' })
          .option('accept-mapping-change', { type: 'boolean', describe: 'Continue from the checkpoint although the mapping changed' })
          .option('state', { type: 'boolean', default: true, describe: 'Keep run state (--no-state: in memory only)' })
          .option('progress', { type: 'boolean', default: true, describe: 'Progress bar on a terminal' })
          .option('json', { type: 'boolean', describe: 'Print the summary as JSON' })
          .option('concurrency', { type: 'number', describe: 'Batches in flight (overrides delivery.concurrency)' })
          .option('batch-size', { type: 'number', describe: 'Documents per batch, 1-100 (overrides batch.size)' }),
      (args) =>
        set(() =>
          runCommand(
            {
              ...global(args),
              config: args.config as string,
              fromScratch: args.fromScratch as boolean | undefined,
              acceptMappingChange: args.acceptMappingChange as boolean | undefined,
              state: args.state as boolean,
              progress: args.progress as boolean,
              json: args.json as boolean | undefined,
              concurrency: args.concurrency as number | undefined,
              batchSize: args.batchSize as number | undefined,
            },
            io,
          ),
        ),
    )
    .command(
      'status <config>',
      'Show progress: checkpoint, ledger counts, recent runs, and the source size when cheap',
      (y: Argv) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('json', { type: 'boolean', describe: 'Print as JSON' })
          .option('runs', { type: 'number', default: 10, describe: 'Runs listed, newest first' })
          .option('count', { type: 'boolean', default: true, describe: 'Ask the source for its size (--no-count: do not connect)' }),
      (args) =>
        set(() =>
          statusCommand(
            { ...global(args), config: args.config as string, json: args.json as boolean | undefined, runs: args.runs as number, count: args.count as boolean },
            io,
          ),
        ),
    )
    .command(
      'failures <config>',
      'List rejected and failed records with reasons, fields and positions',
      (y: Argv) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('json', { type: 'boolean', describe: 'Print as JSON' })
          .option('limit', { type: 'number', default: 50, describe: 'Most records listed, most recent first' }),
      (args) =>
        set(() =>
          failuresCommand({ ...global(args), config: args.config as string, json: args.json as boolean | undefined, limit: args.limit as number }, io),
        ),
    )
    .command(
      'retry <config>',
      'Re-drive rejected and failed records (e.g. after a mapping fix) without re-reading the whole source',
      (y: Argv) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('limit', { type: 'number', describe: 'Re-drive at most this many records' })
          .option('json', { type: 'boolean', describe: 'Print the summary as JSON' })
          .option('progress', { type: 'boolean', default: true, describe: 'Progress bar on a terminal' })
          .option('concurrency', { type: 'number', describe: 'Batches in flight (overrides delivery.concurrency)' })
          .option('batch-size', { type: 'number', describe: 'Documents per batch, 1-100 (overrides batch.size)' }),
      (args) =>
        set(() =>
          retryCommand(
            {
              ...global(args),
              config: args.config as string,
              limit: args.limit as number | undefined,
              json: args.json as boolean | undefined,
              progress: args.progress as boolean,
              concurrency: args.concurrency as number | undefined,
              batchSize: args.batchSize as number | undefined,
            },
            io,
          ),
        ),
    )
    .command(
      'validate <config>',
      'Check schema, source connectivity and the mapping of the first records; sends nothing',
      (y: Argv) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('records', { alias: 'n', type: 'number', default: 20, describe: 'Records to map' }),
      (args) => set(() => validateCommand({ ...global(args), config: args.config as string, records: args.records as number }, io)),
    )
    .command(
      'preview <config>',
      'Print the first mapped requests as JSON, exactly as they would be sent',
      (y: Argv) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('records', { alias: 'n', type: 'number', default: 5 }),
      (args) => set(() => previewCommand({ ...global(args), config: args.config as string, records: args.records as number }, io)),
    )
    .command(
      'emulator',
      'Run a local Synap-compatible server (loopback only by default)',
      (y: Argv) =>
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
      (args) =>
        set(() =>
          emulatorCommand(
            {
              host: args.host as string,
              port: args.port as number,
              apiKey: args.apiKey as string | undefined,
              dataDir: args.dataDir as string | undefined,
              latencyMs: args.latencyMs as number | undefined,
              rate429: args.rate429 as number | undefined,
              retryAfter: args.retryAfter as number | undefined,
              rate5xx: args.rate5xx as number | undefined,
              dropAfterAccept: args.dropAfterAccept as number | undefined,
              b2b: args.b2b as boolean | undefined,
            },
            io,
          ),
        ),
    )
    .command(
      'connectors [name]',
      "List source connectors, or show one's options and examples (a built-in, a plugin path or a package)",
      (y: Argv) =>
        y
          .positional('name', { type: 'string', describe: 'A built-in type, ./path/to/plugin.ts or a package name' })
          .option('json', { type: 'boolean', describe: 'Print as JSON' }),
      (args) => set(() => connectorsCommand({ name: args.name as string | undefined, json: args.json as boolean | undefined }, io)),
    )
    .command(
      'new <kind> <name>',
      'Scaffold a connector package that passes the conformance suite: etl new connector <name> [--dir <folder>]',
      (y: Argv) =>
        y
          .positional('kind', { choices: ['connector'] as const, describe: 'What to create' })
          .positional('name', { type: 'string', demandOption: true, describe: 'The connector type, e.g. zendesk' })
          .option('dir', { type: 'string', describe: 'Target folder (default: connectors/<name> in the workspace)' }),
      (args) => set(() => newConnectorCommand({ name: args.name as string, dir: args.dir as string | undefined }, io)),
    )
    .demandCommand(1, 'name a command: run, status, failures, retry, validate, preview, emulator, connectors, new')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });

  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\nrun \`etl --help\` for usage`);
      return EXIT.config;
    }
    io.stderr(formatError(error, io.secrets));
    return exitCodeForError(error);
  }
  if (!pending) return EXIT.ok; // --help
  try {
    return await pending();
  } catch (error) {
    io.stderr(formatError(error, io.secrets));
    return exitCodeForError(error);
  }
}

class UsageError extends Error {}
