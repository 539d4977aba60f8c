import { ConfigError, EtlError, runPipeline } from '@synap-etl/core';
import type { Logger, StateStore } from '@synap-etl/core';
import { EXIT } from '../output/exit-codes.js';
import { createProgressReporter } from '../output/progress.js';
import { stoppedRunExitCode } from '../output/run-exit.js';
import { formatSummary, summaryAsJson } from '../output/summary.js';
import { applyDeliveryOverrides, deliveryRunOptions, withDeliverySession } from '../run/delivery-session.js';
import { buildPipelineParts } from '../run/pipeline-parts.js';
import { markAbandonedRuns, openState } from '../run/state.js';
import type { CommandIo, GlobalOptions } from './common.js';
import { loadWithLogger } from './common.js';
import { arg, globalOptions, withConfig } from './cli-command.js';
import type { CliCommand } from './cli-command.js';

export interface RunCommandOptions extends GlobalOptions {
  config: string;
  fromScratch?: boolean;
  acceptMappingChange?: boolean;
  state?: boolean;
  progress?: boolean;
  json?: boolean;
  concurrency?: number;
  batchSize?: number;
  /** Read at most this many records (a trial run); the next run continues from the checkpoint. */
  limit?: number;
}

export async function runCommand(options: RunCommandOptions, io: CommandIo): Promise<number> {
  const { loaded, logger } = await loadWithLogger(options.config, io, options);
  const { config, secrets } = loaded;
  applyDeliveryOverrides(config, options);
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new ConfigError(`--limit ${options.limit} is not a positive whole number`, [{ path: '--limit', message: 'expected an integer >= 1' }], {
      hint: 'for example --limit 1000 to try the pipeline on the first thousand records',
    });
  }
  const parts = buildPipelineParts(config);
  const state = await openState(loaded, { inMemory: options.state === false });
  try {
    const after = await resumePoint(state, config.pipeline, parts.mappingHash, options, logger);
    await markAbandonedRuns(state, config.pipeline, logger);
    const { run, summary } = await withDeliverySession(loaded, state, parts, logger, async (session) => {
      const total = await session.source.count?.(after === undefined ? {} : { after }).catch(() => undefined);
      logger.info(
        `run ${session.run.runId}: ${config.pipeline} from ${loaded.source.definition.type} to ${session.target.description}${after === undefined ? '' : ' (resuming from checkpoint)'}`,
      );
      const progress = createProgressReporter({ total: total?.value, tty: options.progress !== false && process.stderr.isTTY === true, logger });
      try {
        return await runPipeline({
          ...deliveryRunOptions(config, parts, session, logger),
          source: session.source,
          stages: parts.stages,
          after,
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          recorder: { record: (outcomes, checkpoint) => state.commit(session.run.runId, config.pipeline, outcomes, checkpoint) },
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
      }
    });
    // The JSON summary carries the error message, which may quote a connection URL.
    io.stdout(secrets.redact(options.json ? summaryAsJson(summary, { runId: run.runId }) : formatSummary(summary, `${config.pipeline} (run ${run.runId})`)));
    const stopped = stoppedRunExitCode(summary, io.stderr, secrets);
    if (stopped !== undefined) return stopped;
    const undelivered = summary.counts.rejected + summary.counts.failed;
    if (undelivered > 0) {
      if (summary.lastFailureReason) io.stderr(`delivery failed after retries: ${secrets.redact(summary.lastFailureReason)}`);
      io.stderr(`${undelivered} records were not delivered: run \`etl failures ${options.config}\` for reasons and positions`);
      return EXIT.recordsNotDelivered;
    }
    return EXIT.ok;
  } finally {
    await state.close();
  }
}

async function resumePoint(
  state: StateStore,
  pipeline: string,
  mappingHash: string,
  options: RunCommandOptions,
  logger: Logger,
) {
  if (options.fromScratch) {
    await state.reset(pipeline);
    logger.info('starting from scratch: checkpoint and ledger cleared');
    return undefined;
  }
  const previous = await state.lastMappingHash(pipeline);
  const checkpoint = await state.getCheckpoint(pipeline);
  if (checkpoint !== undefined && previous !== undefined && previous !== mappingHash && !options.acceptMappingChange) {
    throw new EtlError('MAPPING_CHANGED', `the mapping of pipeline '${pipeline}' changed since its last run; nothing was sent`, {
      hint: 'records already delivered keep the old mapping. Re-run with --from-scratch to re-send everything (stable document ids turn re-sends into "already present"), or --accept-mapping-change to continue from the checkpoint with the new mapping',
    });
  }
  return checkpoint;
}


export const runCli: CliCommand = {
  command: 'run <config>',
  describe: 'Run a pipeline: read, map, deliver; resumes from its checkpoint',
  builder: (y) =>
    withConfig(y)
      .option('from-scratch', { type: 'boolean', describe: 'Forget the checkpoint and ledger, start over' })
      .option('accept-mapping-change', { type: 'boolean', describe: 'Continue from the checkpoint although the mapping changed' })
      .option('state', { type: 'boolean', default: true, describe: 'Keep run state (--no-state: in memory only)' })
      .option('progress', { type: 'boolean', default: true, describe: 'Progress bar on a terminal' })
      .option('json', { type: 'boolean', describe: 'Print the summary as JSON' })
      .option('concurrency', { type: 'number', describe: 'Batches in flight (overrides delivery.concurrency)' })
      .option('batch-size', { type: 'number', describe: 'Documents per batch, 1-100 (overrides batch.size)' })
      .option('limit', { type: 'number', describe: 'Read at most N records, then stop; the next run continues from there' }),
  run: (args, io) =>
    runCommand(
      {
        ...globalOptions(args),
        config: arg.string(args, 'config'),
        fromScratch: arg.optionalFlag(args, 'fromScratch'),
        acceptMappingChange: arg.optionalFlag(args, 'acceptMappingChange'),
        state: arg.flag(args, 'state'),
        progress: arg.flag(args, 'progress'),
        json: arg.optionalFlag(args, 'json'),
        concurrency: arg.optionalNumber(args, 'concurrency'),
        batchSize: arg.optionalNumber(args, 'batchSize'),
        limit: arg.optionalNumber(args, 'limit'),
      },
      io,
    ),
};
