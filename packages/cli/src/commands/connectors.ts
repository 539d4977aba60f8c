import path from 'node:path';
import { describeOptions } from '../docs/option-model.js';
import { renderConnectorDetails, renderConnectorList } from '../docs/connector-text.js';
import { EXIT } from '../output/exit-codes.js';
import type { CommandIo } from './common.js';
import { arg } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface ConnectorsOptions {
  /** A built-in name, a plugin path (relative to `cwd`) or a package; all built-ins when absent. */
  name?: string;
  json?: boolean;
  cwd?: string;
}

/** `etl connectors [name]`: the built-in sources, or one source's options and examples (plugins too). */
export async function connectorsCommand(options: ConnectorsOptions, io: CommandIo): Promise<number> {
  if (options.name === undefined) {
    const builtins = io.registry.builtins();
    io.stdout(
      options.json
        ? JSON.stringify(builtins.map((def) => ({ type: def.type, description: def.description })), null, 2)
        : renderConnectorList(builtins),
    );
    return EXIT.ok;
  }
  const cwd = options.cwd ?? process.cwd();
  const resolved = await io.registry.locate(options.name, cwd);
  const { definition } = resolved;
  if (options.json) {
    const details = {
      type: definition.type,
      description: definition.description,
      origin: resolved.file ?? 'builtin',
      options: describeOptions(definition),
      examples: definition.examples ?? [],
    };
    io.stdout(JSON.stringify(details, null, 2));
    return EXIT.ok;
  }
  const origin = resolved.file === undefined ? 'built-in' : `plugin ${path.relative(cwd, resolved.file) || resolved.file}`;
  io.stdout(renderConnectorDetails(definition, origin));
  return EXIT.ok;
}

export const connectorsCli: CliCommand = {
  command: 'connectors [name]',
  describe: "List source connectors, or show one's options and examples (a built-in, a plugin path or a package)",
  builder: (y) =>
    y
      .positional('name', { type: 'string', describe: 'A built-in type, ./path/to/plugin.ts or a package name' })
      .option('json', { type: 'boolean', describe: 'Print as JSON' }),
  run: (args, io) => connectorsCommand({ name: arg.optionalString(args, 'name'), json: arg.optionalFlag(args, 'json') }, io),
};
