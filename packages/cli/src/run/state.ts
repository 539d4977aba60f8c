import { createStateStore } from '@synap-etl/state';
import type { StateStore } from '@synap-etl/core';
import type { LoadedConfig } from '../config/load-config.js';

/** Opens the configured state store (default: SQLite in .etl-state/ next to the config). */
export async function openState(loaded: LoadedConfig, options: { inMemory?: boolean } = {}): Promise<StateStore> {
  const config = options.inMemory ? { type: 'memory' as const } : (loaded.config.state ?? { type: 'sqlite' as const });
  const store = await createStateStore(config, { configPath: loaded.path });
  await store.init();
  return store;
}
