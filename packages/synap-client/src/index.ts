export * from './contract.js';
export * from './errors.js';
export * from './client-options.js';
export * from './classify-item.js';
export { backoffDelayMs, rateLimitDelayMs, parseRetryAfter } from './backoff.js';
export { SynapClient } from './synap-client.js';
export type { BatchCreateOptions, BatchCreateResult, CreateResult, HealthResult } from './synap-client.js';
