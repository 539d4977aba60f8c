import path from 'node:path';
import { scaffoldConnector } from '../scaffold/scaffold-connector.js';
import { EXIT } from '../output/exit-codes.js';
import type { CommandIo } from './common.js';
import { arg } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface NewConnectorOptions {
  name: string;
  dir?: string;
  cwd?: string;
}

/** `etl new connector <name> [--dir <folder>]`: a connector package that passes its conformance test as generated. */
export async function newConnectorCommand(options: NewConnectorOptions, io: CommandIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const result = scaffoldConnector({
    name: options.name,
    cwd,
    ...(options.dir === undefined ? {} : { dir: options.dir }),
    reserved: io.registry.builtins().map((def) => def.type),
  });
  const shown = path.relative(cwd, result.dir) || '.';
  const lines = [`created ${result.packageName} in ${shown}:`, ...result.files.map((file) => `  ${file}`), '', 'next:'];
  if (result.workspaceRoot !== undefined) {
    const relative = path.relative(result.workspaceRoot, result.dir);
    lines.push('  npx pnpm@10.34.8 install        # link it into the workspace', `  npx vitest run ${relative}    # its conformance test passes as generated`);
  } else {
    lines.push(`  cd ${shown} && npx pnpm@10.34.8 install && npx pnpm@10.34.8 test`);
  }
  lines.push(
    `  etl connectors ${path.join(shown, 'src/index.ts')}   # its options, generated from src/config.ts`,
    '  then replace src/read-page.ts with calls to your system; see docs/authoring-connectors.md',
  );
  io.stdout(lines.join('\n'));
  return EXIT.ok;
}

export const newConnectorCli: CliCommand = {
  command: 'new <kind> <name>',
  describe: 'Scaffold a connector package that passes the conformance suite: etl new connector <name> [--dir <folder>]',
  builder: (y) =>
    y
      .positional('kind', { choices: ['connector'] as const, describe: 'What to create' })
      .positional('name', { type: 'string', demandOption: true, describe: 'The connector type, e.g. zendesk' })
      .option('dir', { type: 'string', describe: 'Target folder (default: connectors/<name> in the workspace)' }),
  run: (args, io) => newConnectorCommand({ name: arg.string(args, 'name'), dir: arg.optionalString(args, 'dir') }, io),
};
