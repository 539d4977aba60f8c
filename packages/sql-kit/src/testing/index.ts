// Test support for SQL connectors (`@synap-etl/sql-kit/testing`): a throw-away database per test file and the
// suites every SQL source runs against its real server, fed with the dialect's DDL and expected values.
export * from './conformance-cases.js';
export * from './example-config-suite.js';
export * from './failures-suite.js';
export * from './kill-sessions-after.js';
export * from './naive-timestamp-tests.js';
export * from './read-helpers.js';
export * from './reads-suite.js';
export * from './sql-test-database.js';
export * from './use-test-database.js';
