export { mongoSource } from './mongo-source-definition.js';
export { MongoSource } from './mongo-source.js';
export type { MongoSourceOptions } from './mongo-source.js';
export { mongoSourceConfigSchema, READ_PREFERENCES, COUNT_MODES } from './config-schema.js';
export type { MongoSourceConfig } from './config-schema.js';
export type { MongoClientFactory } from './connect.js';
export { toPlain, documentToPlain } from './bson-to-plain.js';
