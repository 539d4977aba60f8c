import type { LedgerEntry, SecretSet } from '@synap-etl/core';
import { EXIT } from '../output/exit-codes.js';
import { openState } from '../run/state.js';
import type { CommandIo, GlobalOptions } from './common.js';
import { loadWithLogger } from './common.js';
import { arg, globalOptions, withConfig } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface FailuresCommandOptions extends GlobalOptions {
  config: string;
  json?: boolean;
  /** Most failures listed, most recent first. @default 50 */
  limit?: number;
}

/** `etl failures <config>`: the records whose latest outcome is rejected or failed, with reasons and positions. */
export async function failuresCommand(options: FailuresCommandOptions, io: CommandIo): Promise<number> {
  const { loaded } = await loadWithLogger(options.config, io, options);
  const { config, secrets } = loaded;
  const state = await openState(loaded);
  try {
    const counts = await state.ledgerCounts(config.pipeline);
    const failures = await state.failures(config.pipeline, { limit: options.limit ?? 50 });
    const total = counts.rejected + counts.failed;
    if (options.json) {
      const listed = failures.map((entry) => clean(entry, secrets));
      io.stdout(JSON.stringify({ pipeline: config.pipeline, total, rejected: counts.rejected, failed: counts.failed, failures: listed }, null, 2));
    } else {
      io.stdout(formatFailures(config.pipeline, failures, counts, secrets, options.config));
    }
    return EXIT.ok;
  } finally {
    await state.close();
  }
}

/** The entry as shown: reasons pass the secret redactor once more (they are error messages). */
function clean(entry: LedgerEntry, secrets: SecretSet): LedgerEntry {
  const shown: LedgerEntry = { ...entry };
  if (shown.reason !== undefined) shown.reason = secrets.redact(shown.reason);
  return shown;
}

function formatFailures(
  pipeline: string,
  failures: readonly LedgerEntry[],
  counts: { rejected: number; failed: number },
  secrets: SecretSet,
  configPath: string,
): string {
  const total = counts.rejected + counts.failed;
  if (total === 0) return `${pipeline}: no rejected or failed records`;
  const shown = failures.length < total ? `; the ${failures.length} most recent:` : ':';
  const lines = [`${pipeline}: ${total} record(s) not delivered (rejected ${counts.rejected}, failed ${counts.failed})${shown}`];
  for (const entry of failures) {
    lines.push('', `${entry.status}  ${entry.key}`);
    lines.push(`  position  ${JSON.stringify(entry.position)}`);
    if (entry.field !== undefined) lines.push(`  field     ${entry.field}`);
    lines.push(`  reason    ${secrets.redact(entry.reason ?? '(none recorded)')}`);
    if (entry.documentId !== undefined) lines.push(`  document  ${entry.documentId}`);
    const attempts = entry.attempts === undefined ? '' : `, ${entry.attempts} attempt(s)`;
    lines.push(`  run       ${entry.runId} at ${entry.updatedAt}${attempts}`);
  }
  lines.push(
    '',
    `fix the cause (the mapping, a transform, or Synap's availability), then \`etl retry ${configPath}\` re-drives these records`,
  );
  return lines.join('\n');
}

export const failuresCli: CliCommand = {
  command: 'failures <config>',
  describe: 'List rejected and failed records with reasons, fields and positions',
  builder: (y) =>
    withConfig(y)
      .option('json', { type: 'boolean', describe: 'Print as JSON' })
      .option('limit', { type: 'number', default: 50, describe: 'Most records listed, most recent first' }),
  run: (args, io) =>
    failuresCommand(
      { ...globalOptions(args), config: arg.string(args, 'config'), json: arg.optionalFlag(args, 'json'), limit: arg.number(args, 'limit') },
      io,
    ),
};
