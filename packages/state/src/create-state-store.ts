import { dirname, resolve } from 'node:path';
import { ConfigError } from '@synap-etl/core';
import type { Logger, StateStore } from '@synap-etl/core';
import { defaultStatePath } from './default-state-path.js';
import { PostgresStateStore } from './postgres-state-store.js';
import { IN_MEMORY, SqliteStateStore } from './sqlite-state-store.js';
import type { StateConfig } from './state-config.js';

export interface CreateStateStoreOptions {
  /** The config file; the default SQLite path and relative `path`s are resolved next to it. */
  configPath?: string;
  /** Receives the store's own warnings (PostgreSQL driver messages). */
  logger?: Logger;
}

/** The SQLite file a config uses: `path` resolved against the config's directory, else the default. */
export function sqliteStatePath(config: { path?: string }, configPath: string | undefined): string {
  if (configPath === undefined) {
    if (config.path === undefined || !config.path.startsWith('/')) {
      throw new ConfigError('state: cannot place the SQLite state file without the config file path', [
        { path: 'state.path', message: 'give an absolute path, or run from a config file' },
      ]);
    }
    return config.path;
  }
  return config.path === undefined ? defaultStatePath(configPath) : resolve(dirname(configPath), config.path);
}

/** Builds the configured state store; call `init()` on it before use. */
export function createStateStore(config: StateConfig, options: CreateStateStoreOptions = {}): StateStore {
  switch (config.type) {
    case 'memory':
      return new SqliteStateStore({ path: IN_MEMORY });
    case 'sqlite':
      return new SqliteStateStore({ path: sqliteStatePath(config, options.configPath) });
    case 'postgres':
      return new PostgresStateStore({
        connection: config.connection,
        schema: config.schema,
        tablePrefix: config.table_prefix,
        logger: options.logger,
      });
  }
}
