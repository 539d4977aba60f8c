import { ConfigError, emptyCounts } from '@synap-etl/core';
import type { z } from 'zod';
import type { Logger, RunInfo, RunOptions, RunSummary, Source, StateStore } from '@synap-etl/core';
import type { LoadedConfig } from '../config/load-config.js';
import { batchConfigSchema, deliveryConfigSchema } from '../config/pipeline-schema.js';
import type { PipelineConfig } from '../config/pipeline-schema.js';
import { openSource } from './open-source.js';
import type { PipelineParts } from './pipeline-parts.js';
import { configHash } from './pipeline-parts.js';
import { installSignalHandlers } from './signals.js';
import type { SignalHandles } from './signals.js';
import { openSynapTarget } from './synap-target.js';
import type { SynapTarget } from './synap-target.js';

export interface DeliverySession {
  run: RunInfo;
  source: Source;
  target: SynapTarget;
  signals: SignalHandles;
}

/**
 * Command-line overrides of delivery settings, applied to the loaded config. They bypass the config schema, so
 * they are checked against the same fields here: a bad value is a config error, not a crash of the runner.
 */
export function applyDeliveryOverrides(config: PipelineConfig, overrides: { concurrency?: number; batchSize?: number }): void {
  if (overrides.concurrency !== undefined) {
    config.delivery.concurrency = checkedOverride('--concurrency', 'delivery.concurrency', deliveryConfigSchema.shape.concurrency, overrides.concurrency);
  }
  if (overrides.batchSize !== undefined) {
    config.batch.size = checkedOverride('--batch-size', 'batch.size', batchConfigSchema.shape.size, overrides.batchSize);
  }
}

function checkedOverride(option: string, field: string, schema: z.ZodType<number>, value: number): number {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(`${option} ${value} is not a valid ${field}`, parsed.error.issues.map((issue) => ({ path: option, message: issue.message })), {
    hint: `see \`${field}\` in docs/config-reference.md`,
  });
}

/**
 * Opens what a delivering command needs (a run record, the source, the Synap target, signal handlers), runs
 * `body`, then releases everything and records how the run ended, also when opening or the body fails.
 */
export async function withDeliverySession(
  loaded: LoadedConfig,
  state: StateStore,
  parts: PipelineParts,
  logger: Logger,
  body: (session: DeliverySession) => Promise<RunSummary>,
): Promise<{ run: RunInfo; summary: RunSummary }> {
  const { config, secrets } = loaded;
  const run = await state.startRun(config.pipeline, { configHash: configHash(loaded.document), mappingHash: parts.mappingHash });
  let source: Source | undefined;
  let target: SynapTarget | undefined;
  let signals: SignalHandles | undefined;
  let summary: RunSummary | undefined;
  try {
    source = await openSource(loaded, logger, secrets);
    target = await openSynapTarget(config, loaded.baseDir, secrets, logger);
    signals = installSignalHandlers(logger);
    summary = await body({ run, source, target, signals });
    return { run, summary };
  } finally {
    signals?.dispose();
    await source?.close().catch((error: unknown) => logger.warn(`closing the source failed: ${(error as Error).message}`));
    await target?.close().catch(() => undefined);
    // A state store that fails here must not hide the run's own outcome or error.
    await state
      .finishRun(run.runId, summary?.status ?? 'failed', summary?.counts ?? emptyCounts())
      .catch((error: unknown) => logger.warn(`recording the end of run ${run.runId} failed: ${secrets.redact((error as Error).message)}`));
  }
}

/** The runner settings every delivering command shares. */
export function deliveryRunOptions(config: PipelineConfig, parts: PipelineParts, session: DeliverySession, logger: Logger) {
  return {
    mapper: parts.mapper,
    documentTransform: parts.documentTransform,
    sink: session.target.sink,
    batch: { size: config.batch.size, maxBytes: config.batch.max_bytes },
    concurrency: config.delivery.concurrency,
    drainTimeoutMs: config.delivery.drain_timeout_ms,
    signal: session.signals.graceful,
    hardSignal: session.signals.hard,
    logger,
  } satisfies Partial<RunOptions>;
}
