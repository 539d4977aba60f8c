import yargs from 'yargs';
import type { CliCommand } from './commands/cli-command.js';
import { defaultIo } from './commands/common.js';
import type { CommandIo } from './commands/common.js';
import { connectorsCli } from './commands/connectors.js';
import { emulatorCli } from './commands/emulator.js';
import { failuresCli } from './commands/failures.js';
import { newConnectorCli } from './commands/new-connector.js';
import { previewCli } from './commands/preview.js';
import { retryCli } from './commands/retry.js';
import { runCli } from './commands/run.js';
import { statusCli } from './commands/status.js';
import { validateCli } from './commands/validate.js';
import { EXIT, exitCodeForError } from './output/exit-codes.js';
import { formatError } from './output/format-error.js';

export const COMMANDS: readonly CliCommand[] = [
  runCli,
  statusCli,
  failuresCli,
  retryCli,
  validateCli,
  previewCli,
  emulatorCli,
  connectorsCli,
  newConnectorCli,
];

/** Parses argv, runs one command, and returns the exit code. Never calls process.exit itself. */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  let chosen: (() => Promise<number>) | undefined;
  const parser = yargs(argv)
    .scriptName('etl')
    .usage('$0 <command> [options]\n\nMove conversation history into the Synap memory API.')
    .option('log-format', { choices: ['pretty', 'json'] as const, default: 'pretty', describe: 'Log lines on stderr' })
    .option('log-level', { choices: ['debug', 'info', 'warn', 'error'] as const, default: 'info' });
  for (const command of COMMANDS) {
    parser.command(command.command, command.describe, command.builder, (args) => {
      chosen = () => command.run(args, io);
    });
  }
  parser
    .demandCommand(1, `name a command: ${COMMANDS.map((c) => c.command.split(' ')[0]).join(', ')}`)
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
  if (!chosen) return EXIT.ok; // --help
  try {
    return await chosen();
  } catch (error) {
    io.stderr(formatError(error, io.secrets));
    return exitCodeForError(error);
  }
}

class UsageError extends Error {}
