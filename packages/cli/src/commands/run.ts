import { EtlError, runPipeline } from '@synap-etl/core';
import type { Logger, RunSummary, StateStore } from '@synap-etl/core';
import { EXIT, exitCodeForError } from '../output/exit-codes.js';
import { formatError } from '../output/format-error.js';
import { createProgressReporter } from '../output/progress.js';
import { formatSummary, summaryAsJson } from '../output/summary.js';
import { openSource } from '../run/open-source.js';
import { buildPipelineParts, configHash } from '../run/pipeline-parts.js';
import { markAbandonedRuns, openState } from '../run/state.js';
import { openSynapTarget } from '../run/synap-target.js';
import { installSignalHandlers } from '../run/signals.js';
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
}

export async function runCommand(options: RunCommandOptions, io: CommandIo): Promise<number> {
  const { loaded, logger } = await loadWithLogger(options.config, io, options);
  const { config, secrets } = loaded;
  if (options.concurrency) config.delivery.concurrency = options.concurrency;
  if (options.batchSize) config.batch.size = options.batchSize;
  const parts = buildPipelineParts(config);
  const state = await openState(loaded, { inMemory: options.state === false });
  try {
    const after = await resumePoint(state, config.pipeline, parts.mappingHash, options, logger);
    await markAbandonedRuns(state, config.pipeline, logger);
    const run = await state.startRun(config.pipeline, { configHash: configHash(loaded.document), mappingHash: parts.mappingHash });
    const source = await openSource(loaded, logger, secrets).catch(async (error: unknown) => {
      await state.finishRun(run.runId, 'failed', emptyRunCounts());
      throw error;
    });
    const target = await openSynapTarget(config, loaded.baseDir, secrets, logger).catch(async (error: unknown) => {
      await source.close();
      await state.finishRun(run.runId, 'failed', emptyRunCounts());
      throw error;
    });
    const signals = installSignalHandlers(logger);
    let summary: RunSummary;
    try {
      const total = await source.count?.(after === undefined ? {} : { after }).catch(() => undefined);
      logger.info(
        `run ${run.runId}: ${config.pipeline} from ${loaded.source.definition.type} to ${target.description}${after === undefined ? '' : ' (resuming from checkpoint)'}`,
      );
      const progress = createProgressReporter({
        total: total?.value,
        tty: options.progress !== false && process.stderr.isTTY === true,
        logger,
      });
      summary = await runPipeline({
        source,
        stages: parts.stages,
        mapper: parts.mapper,
        documentTransform: parts.documentTransform,
        sink: target.sink,
        batch: { size: config.batch.size, maxBytes: config.batch.max_bytes },
        concurrency: config.delivery.concurrency,
        drainTimeoutMs: config.delivery.drain_timeout_ms,
        after,
        signal: signals.graceful,
        hardSignal: signals.hard,
        recorder: { record: (outcomes, checkpoint) => state.commit(run.runId, config.pipeline, outcomes, checkpoint) },
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
    io.stdout(options.json ? summaryAsJson(summary, { runId: run.runId }) : formatSummary(summary, `${config.pipeline} (run ${run.runId})`));
    return exitCodeFor(summary, io, secrets);
  } finally {
    await state.close();
  }
}

function exitCodeFor(summary: RunSummary, io: CommandIo, secrets: { redact(text: string): string }): number {
  if (summary.status === 'failed') {
    io.stderr(formatError(summary.error, secrets as never));
    return exitCodeForError(summary.error) === EXIT.internal ? EXIT.internal : EXIT.stopped;
  }
  if (summary.status === 'interrupted') return EXIT.interrupted;
  if (summary.counts.rejected + summary.counts.failed > 0) {
    io.stderr(`${summary.counts.rejected + summary.counts.failed} records were not delivered: run \`etl failures <config>\` for reasons and positions`);
    return EXIT.recordsNotDelivered;
  }
  return EXIT.ok;
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

function emptyRunCounts() {
  return { read: 0, delivered: 0, already_present: 0, rejected: 0, filtered: 0, failed: 0 };
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
      .option('batch-size', { type: 'number', describe: 'Documents per batch, 1-100 (overrides batch.size)' }),
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
      },
      io,
    ),
};
