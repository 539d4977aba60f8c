import type { Argv } from 'yargs';
import type { LogFormat } from '../output/logger.js';
import type { CommandIo, GlobalOptions } from './common.js';

/** One `etl` subcommand: its yargs spec next to the function that runs it. */
export interface CliCommand {
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv<object>;
  run: (args: Record<string, unknown>, io: CommandIo) => Promise<number>;
}

export function withConfig(yargs: Argv, describe = 'Pipeline YAML file'): Argv<object> {
  return yargs.positional('config', { type: 'string', demandOption: true, describe });
}

export function globalOptions(args: Record<string, unknown>): GlobalOptions {
  return { logFormat: args.logFormat as LogFormat, logLevel: (args.logLevel as string | undefined) ?? 'info' };
}

/** Typed reads of parsed arguments (yargs camel-cases option names). */
export const arg = {
  string: (args: Record<string, unknown>, name: string) => args[name] as string,
  optionalString: (args: Record<string, unknown>, name: string) => args[name] as string | undefined,
  number: (args: Record<string, unknown>, name: string) => args[name] as number,
  optionalNumber: (args: Record<string, unknown>, name: string) => args[name] as number | undefined,
  flag: (args: Record<string, unknown>, name: string) => args[name] as boolean,
  optionalFlag: (args: Record<string, unknown>, name: string) => args[name] as boolean | undefined,
};
