export { createStateStore, sqliteStatePath } from './create-state-store.js';
export type { CreateStateStoreOptions } from './create-state-store.js';
export { defaultStatePath, STATE_DIR_NAME } from './default-state-path.js';
export { MAX_REASON_LENGTH } from './ledger-rows.js';
export { describeConnection } from './postgres-connection.js';
export { DEFAULT_POSTGRES_SCHEMA, DEFAULT_TABLE_PREFIX, PostgresStateStore } from './postgres-state-store.js';
export type { PostgresStateStoreOptions } from './postgres-state-store.js';
export { IN_MEMORY, SqliteStateStore } from './sqlite-state-store.js';
export type { SqliteStateStoreOptions } from './sqlite-state-store.js';
export {
  memoryStateConfigSchema,
  postgresStateConfigSchema,
  sqliteStateConfigSchema,
  stateConfigSchema,
} from './state-config.js';
export type { StateConfig } from './state-config.js';
