export * from './errors.js';
export * from './json.js';
export * from './logger.js';
export * from './redact.js';
export * from './source.js';
export * from './pipeline-types.js';
export * from './state-store.js';
