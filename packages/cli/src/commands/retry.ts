import { emptyCounts, runPipeline } from '@synap-etl/core';
import type { RunSummary } from '@synap-etl/core';
import { EXIT, exitCodeForError } from '../output/exit-codes.js';
import { formatError } from '../output/format-error.js';
import { createProgressReporter } from '../output/progress.js';
import { openSource } from '../run/open-source.js';
import { buildPipelineParts, configHash } from '../run/pipeline-parts.js';
import { redriveItems, RedriveTally } from '../run/redrive-items.js';
import { formatRedriveReport, redriveReport, undelivered } from '../run/redrive-report.js';
import { installSignalHandlers } from '../run/signals.js';
import { markAbandonedRuns, openState } from '../run/state.js';
import { openSynapTarget } from '../run/synap-target.js';
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
  if (options.concurrency) config.delivery.concurrency = options.concurrency;
  if (options.batchSize) config.batch.size = options.batchSize;
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
    const run = await state.startRun(pipeline, { configHash: configHash(loaded.document), mappingHash: parts.mappingHash });
    const source = await openSource(loaded, logger, secrets).catch(async (error: unknown) => {
      await state.finishRun(run.runId, 'failed', emptyCounts());
      throw error;
    });
    const target = await openSynapTarget(config, loaded.baseDir, secrets, logger).catch(async (error: unknown) => {
      await source.close();
      await state.finishRun(run.runId, 'failed', emptyCounts());
      throw error;
    });
    const signals = installSignalHandlers(logger);
    const tally = new RedriveTally();
    let summary: RunSummary;
    try {
      logger.info(`run ${run.runId}: re-driving ${failuresBefore} rejected or failed record(s) of ${pipeline} to ${target.description}`);
      const progress = createProgressReporter({
        total: Math.min(failuresBefore, options.limit ?? failuresBefore),
        tty: options.progress !== false && process.stderr.isTTY === true,
        logger,
      });
      summary = await runPipeline({
        items: (signal) =>
          redriveItems({
            source,
            stages: parts.stages,
            failures: state.iterateFailures(pipeline),
            signal,
            tally,
            ...(options.limit === undefined ? {} : { limit: options.limit }),
          }),
        mapper: parts.mapper,
        documentTransform: parts.documentTransform,
        sink: target.sink,
        batch: { size: config.batch.size, maxBytes: config.batch.max_bytes },
        concurrency: config.delivery.concurrency,
        drainTimeoutMs: config.delivery.drain_timeout_ms,
        signal: signals.graceful,
        hardSignal: signals.hard,
        // Outcomes only: a re-drive never moves the checkpoint.
        recorder: { record: (outcomes) => state.commit(run.runId, pipeline, outcomes) },
        onProgress: (p) => progress.update(p),
        logger,
      });
      progress.stop();
    } finally {
      signals.dispose();
      await source.close().catch((error: unknown) => logger.warn(`closing the source failed: ${(error as Error).message}`));
      await target.close().catch(() => undefined);
    }
    await state.finishRun(run.runId, summary.status, summary.counts);
    const report = redriveReport(summary, tally, run.runId, failuresBefore);
    io.stdout(secrets.redact(options.json ? JSON.stringify(report, null, 2) : formatRedriveReport(report, `retry of ${pipeline} (run ${run.runId})`)));
    if (summary.status === 'failed') {
      io.stderr(formatError(summary.error, secrets));
      return exitCodeForError(summary.error) === EXIT.internal ? EXIT.internal : EXIT.stopped;
    }
    if (summary.status === 'interrupted') return EXIT.interrupted;
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
