import { openSource } from '../run/open-source.js';
import { buildPipelineParts } from '../run/pipeline-parts.js';
import { describeRef, sampleDocuments } from '../run/sample.js';
import { EXIT } from '../output/exit-codes.js';
import type { CommandIo, GlobalOptions } from './common.js';
import { loadWithLogger } from './common.js';
import { arg, globalOptions, withConfig } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface PreviewOptions extends GlobalOptions {
  config: string;
  records?: number;
}

/** Prints the first N requests exactly as they would be sent (JSON on stdout); problems go to stderr. */
export async function previewCommand(options: PreviewOptions, io: CommandIo): Promise<number> {
  const { loaded, logger } = await loadWithLogger(options.config, io, options);
  const parts = buildPipelineParts(loaded.config);
  const source = await openSource(loaded, logger, loaded.secrets);
  try {
    const entries = await sampleDocuments(source, parts, options.records ?? 5);
    const requests = [];
    for (const entry of entries) {
      if (entry.kind === 'mapped') requests.push(entry.request);
      else io.stderr(`${entry.kind}: ${describeRef(entry.sources)}: ${loaded.secrets.redact(entry.reason)}`);
    }
    io.stdout(JSON.stringify(requests, null, 2));
    return EXIT.ok;
  } finally {
    await source.close();
  }
}

export const previewCli: CliCommand = {
  command: 'preview <config>',
  describe: 'Print the first mapped requests as JSON, exactly as they would be sent',
  builder: (y) => withConfig(y).option('records', { alias: 'n', type: 'number', default: 5, describe: 'Documents to print' }),
  run: (args, io) => previewCommand({ ...globalOptions(args), config: arg.string(args, 'config'), records: arg.number(args, 'records') }, io),
};
