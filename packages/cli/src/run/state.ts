import { createStateStore } from '@synap-etl/state';
import type { Logger, StateStore } from '@synap-etl/core';
import type { LoadedConfig } from '../config/load-config.js';

/** Opens the configured state store (default: SQLite in .etl-state/ next to the config). */
export async function openState(loaded: LoadedConfig, options: { inMemory?: boolean } = {}): Promise<StateStore> {
  const config = options.inMemory ? { type: 'memory' as const } : (loaded.config.state ?? { type: 'sqlite' as const });
  const store = await createStateStore(config, { configPath: loaded.path });
  await store.init();
  return store;
}

/**
 * Runs of the pipeline still marked running when a new one starts ended without a summary: their process was
 * killed or crashed. They are marked interrupted; their counts stay unknown (zero) and their end time is when
 * this was noticed, while the outcomes they committed are in the ledger.
 */
export async function markAbandonedRuns(state: StateStore, pipeline: string, logger: Logger): Promise<number> {
  const abandoned = (await state.runs(pipeline, 100)).filter((run) => run.status === 'running');
  for (const run of abandoned) {
    await state.finishRun(run.runId, 'interrupted', run.counts);
    logger.warn(`run ${run.runId} (started ${run.startedAt}) ended without a summary (killed or crashed): marked interrupted`);
  }
  return abandoned.length;
}
