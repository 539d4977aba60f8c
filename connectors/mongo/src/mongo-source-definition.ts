import type { SourceDefinition } from '@synap-etl/core';
import { mongoSourceConfigSchema } from './config-schema.js';
import { MongoSource } from './mongo-source.js';

export const mongoSource: SourceDefinition<typeof mongoSourceConfigSchema> = {
  type: 'mongo',
  description:
    'MongoDB collection or aggregation, read in cursor order (default _id) with keyset resume. ' +
    'ObjectId, dates, Decimal128, Long and UUID become strings; documents and arrays are kept.',
  configSchema: mongoSourceConfigSchema,
  examples: [
    {
      title: 'One document per conversation, resumable in creation order',
      config: {
        uri: 'mongodb://etl:${MONGO_PASSWORD}@db.internal:27017/?authSource=admin',
        database: 'chat',
        collection: 'conversations',
        filter: { created_at: { $gte: { $date: '2024-01-01T00:00:00Z' } } },
        projection: { user_id: 1, created_at: 1, messages: 1 },
        cursor: ['created_at', '_id'],
        read_preference: 'secondaryPreferred',
      },
    },
    {
      title: 'One record per message of a messages array ($unwind)',
      config: {
        uri: 'mongodb://127.0.0.1:27017/?directConnection=true',
        database: 'chat',
        collection: 'conversations',
        pipeline: [
          { $unwind: { path: '$messages', includeArrayIndex: 'message_index' } },
          { $project: { user_id: 1, role: '$messages.role', text: '$messages.text', sent_at: '$messages.sent_at', message_index: 1 } },
        ],
        cursor: ['_id', 'message_index'],
      },
    },
  ],
  create: (config, context) => new MongoSource(config, { logger: context.logger }),
};
