export { mysqlSource, mysqlConfigSchema } from './mysql-source.js';
export { mysqlDialect } from './mysql-dialect.js';
