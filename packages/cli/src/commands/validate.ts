import { ConfigError, lintMapping } from '@synap-etl/core';
import { resolveClientOptions } from '@synap-etl/synap-client';
import { EXIT } from '../output/exit-codes.js';
import { formatError } from '../output/format-error.js';
import { openSource } from '../run/open-source.js';
import { buildPipelineParts } from '../run/pipeline-parts.js';
import { describeRef, sampleDocuments } from '../run/sample.js';
import type { CommandIo, GlobalOptions } from './common.js';
import { loadWithLogger } from './common.js';
import { arg, globalOptions, withConfig } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface ValidateOptions extends GlobalOptions {
  config: string;
  records?: number;
}

/** Checks schema, mapping, source connectivity and the mapping of the first N records. Sends nothing. */
export async function validateCommand(options: ValidateOptions, io: CommandIo): Promise<number> {
  const { loaded, logger } = await loadWithLogger(options.config, io, options);
  const { config, secrets } = loaded;
  let problems = 0;
  io.stdout(`config ${options.config}: schema ok (pipeline '${config.pipeline}', source '${loaded.source.definition.type}')`);

  let parts;
  let compileError: ConfigError | undefined;
  try {
    parts = buildPipelineParts(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    compileError = error;
  }
  for (const finding of lintMapping(config.mapping, { scope: config.scope })) {
    // Errors the compiler also found are reported once, below.
    if (finding.level === 'error' && compileError) continue;
    if (finding.level === 'error') problems += 1;
    io.stdout(`${finding.level}: ${finding.path}: ${finding.message}`);
  }
  if (compileError) {
    problems += Math.max(compileError.issues.length, 1);
    for (const issue of compileError.issues) io.stdout(`error: ${issue.path}: ${secrets.redact(issue.message)}`);
    if (compileError.issues.length === 0) io.stdout(formatError(compileError, secrets));
  }
  checkSynapCredentials(config, io, () => (problems += 1));

  let source;
  try {
    source = await openSource(loaded, logger, secrets);
  } catch (error) {
    io.stderr(formatError(error, secrets));
    return EXIT.stopped;
  }
  try {
    io.stdout(`source: connected`);
    if (!parts) {
      io.stdout(`${problems} problem${problems > 1 ? 's' : ''} found; nothing was sent`);
      return EXIT.config;
    }
    const limit = options.records ?? 20;
    const entries = await sampleDocuments(source, parts, limit);
    let mapped = 0;
    for (const entry of entries) {
      if (entry.kind === 'mapped') mapped += 1;
      else if (entry.kind === 'rejected') {
        problems += 1;
        io.stdout(`error: ${describeRef(entry.sources)}: ${secrets.redact(entry.reason)}`);
      } else io.stdout(`filtered: ${describeRef(entry.sources)}: ${entry.reason}`);
    }
    io.stdout(`mapping: ${mapped} of the first ${entries.length} items mapped without error`);
  } finally {
    await source.close();
  }
  if (problems > 0) {
    io.stdout(`${problems} problem${problems > 1 ? 's' : ''} found; nothing was sent`);
    return EXIT.config;
  }
  io.stdout('valid: nothing was sent');
  return EXIT.ok;
}

function checkSynapCredentials(config: { synap: { emulator?: unknown; api_key?: string | undefined; base_url?: string | undefined } }, io: CommandIo, problem: () => void) {
  if (config.synap.emulator) {
    io.stdout('synap: embedded emulator (no credentials needed)');
    return;
  }
  try {
    const resolved = resolveClientOptions(
      { ...(config.synap.api_key ? { apiKey: config.synap.api_key } : {}), ...(config.synap.base_url ? { baseUrl: config.synap.base_url } : {}) },
      io.env,
    );
    io.stdout(`synap: ${resolved.baseUrl} (API key set${resolved.instanceId ? ', instance ' + resolved.instanceId : ', no instance id'})`);
  } catch (error) {
    problem();
    io.stdout(`error: synap: ${(error as Error).message}`);
  }
}

export const validateCli: CliCommand = {
  command: 'validate <config>',
  describe: 'Check schema, source connectivity and the mapping of the first records; sends nothing',
  builder: (y) => withConfig(y).option('records', { alias: 'n', type: 'number', default: 20, describe: 'Records to map' }),
  run: (args, io) => validateCommand({ ...globalOptions(args), config: arg.string(args, 'config'), records: arg.number(args, 'records') }, io),
};
