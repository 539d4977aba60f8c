import { runPipeline } from '@synap-etl/core';
import { EXIT } from '../output/exit-codes.js';
import { createProgressReporter } from '../output/progress.js';
import { stoppedRunExitCode } from '../output/run-exit.js';
import { applyDeliveryOverrides, deliveryRunOptions, withDeliverySession } from '../run/delivery-session.js';
import { buildPipelineParts } from '../run/pipeline-parts.js';
import { redriveItems, RedriveTally } from '../run/redrive-items.js';
import { formatRedriveReport, redriveReport, undelivered } from '../run/redrive-report.js';
import { markAbandonedRuns, openState } from '../run/state.js';
import type { CommandIo, GlobalOptions } from './common.js';
import { loadWithLogger } from './common.js';
import { arg, globalOptions, withConfig } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface RetryCommandOptions extends GlobalOptions {
  config: string;
  /** Re-drive at most this many failures. */
  limit?: number;
  json?: boolean;
  progress?: boolean;
  concurrency?: number;
  batchSize?: number;
}

/**
 * `etl retry <config>`: re-drives the records whose latest outcome is rejected or failed, with the current
 * config (after a mapping fix, or once Synap is back), re-reading only the stretches of the source that hold
 * them. New outcomes replace the old ones in the ledger; the checkpoint does not move.
 */
export async function retryCommand(options: RetryCommandOptions, io: CommandIo): Promise<number> {
  const { loaded, logger } = await loadWithLogger(options.config, io, options);
  const { config, secrets } = loaded;
  applyDeliveryOverrides(config, options);
  const parts = buildPipelineParts(config);
  const pipeline = config.pipeline;
  const state = await openState(loaded);
  try {
    const ledger = await state.ledgerCounts(pipeline);
    const failuresBefore = ledger.rejected + ledger.failed;
    if (failuresBefore === 0) {
      io.stdout(
        options.json
          ? JSON.stringify({ status: 'nothing_to_retry', failuresBefore: 0 }, null, 2)
          : `${pipeline}: nothing to retry, no record in the ledger is rejected or failed`,
      );
      return EXIT.ok;
    }
    await markAbandonedRuns(state, pipeline, logger);
    const lastMapping = await state.lastMappingHash(pipeline);
    if (lastMapping !== undefined && lastMapping !== parts.mappingHash) {
      logger.info('the mapping changed since the last run: re-driven records use the current one; records delivered earlier keep theirs');
    }
    const tally = new RedriveTally();
    const { run, summary } = await withDeliverySession(loaded, state, parts, logger, async (session) => {
      logger.info(`run ${session.run.runId}: re-driving ${failuresBefore} rejected or failed record(s) of ${pipeline} to ${session.target.description}`);
      const progress = createProgressReporter({
        total: Math.min(failuresBefore, options.limit ?? failuresBefore),
        tty: options.progress !== false && process.stderr.isTTY === true,
        logger,
      });
      try {
        return await runPipeline({
          ...deliveryRunOptions(config, parts, session, logger),
          items: (signal) =>
            redriveItems({
              source: session.source,
              stages: parts.stages,
              failures: state.iterateFailures(pipeline),
              signal,
              tally,
              ...(options.limit === undefined ? {} : { limit: options.limit }),
            }),
          // Outcomes only: a re-drive never moves the checkpoint.
          recorder: { record: (outcomes) => state.commit(session.run.runId, pipeline, outcomes) },
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
      }
    });
    const report = redriveReport(summary, tally, run.runId, failuresBefore);
    io.stdout(secrets.redact(options.json ? JSON.stringify(report, null, 2) : formatRedriveReport(report, `retry of ${pipeline} (run ${run.runId})`)));
    const stopped = stoppedRunExitCode(summary, io.stderr, secrets);
    if (stopped !== undefined) return stopped;
    if (undelivered(report) > 0) {
      io.stderr(`${undelivered(report)} record(s) are still not delivered: run \`etl failures ${options.config}\` for reasons and positions`);
      return EXIT.recordsNotDelivered;
    }
    return EXIT.ok;
  } finally {
    await state.close();
  }
}

export const retryCli: CliCommand = {
  command: 'retry <config>',
  describe: 'Re-drive rejected and failed records (e.g. after a mapping fix) without re-reading the whole source',
  builder: (y) =>
    withConfig(y)
      .option('limit', { type: 'number', describe: 'Re-drive at most this many records' })
      .option('json', { type: 'boolean', describe: 'Print the summary as JSON' })
      .option('progress', { type: 'boolean', default: true, describe: 'Progress bar on a terminal' })
      .option('concurrency', { type: 'number', describe: 'Batches in flight (overrides delivery.concurrency)' })
      .option('batch-size', { type: 'number', describe: 'Documents per batch, 1-100 (overrides batch.size)' }),
  run: (args, io) =>
    retryCommand(
      {
        ...globalOptions(args),
        config: arg.string(args, 'config'),
        limit: arg.optionalNumber(args, 'limit'),
        json: arg.optionalFlag(args, 'json'),
        progress: arg.flag(args, 'progress'),
        concurrency: arg.optionalNumber(args, 'concurrency'),
        batchSize: arg.optionalNumber(args, 'batchSize'),
      },
      io,
    ),
};
