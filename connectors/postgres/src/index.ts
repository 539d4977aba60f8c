export { postgresSource, postgresConfigSchema } from './postgres-source.js';
export { postgresDialect } from './postgres-dialect.js';
