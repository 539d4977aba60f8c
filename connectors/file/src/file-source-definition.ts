import type { SourceDefinition } from '@synap-etl/core';
import { fileConfigSchema } from './config.js';
import { FileSource } from './file-source.js';

export const fileSource: SourceDefinition<typeof fileConfigSchema> = {
  type: 'file',
  description:
    'CSV and JSON Lines files (plain or .gz), one record per row or line. Globs read several files in sorted ' +
    'order. A malformed JSON line or CSV row is rejected on its own; the run goes on. Resumes after the last ' +
    'record read (seeking by byte offset in uncompressed files). count() is an estimate from file sizes.',
  configSchema: fileConfigSchema,
  examples: [
    { title: 'A CSV export with a header row', config: { path: 'exports/conversations.csv' } },
    {
      title: 'Compressed JSON Lines, one file per day',
      config: { path: 'exports/chats-*.jsonl.gz' },
    },
    {
      title: 'Semicolon-separated CSV without a header row',
      config: {
        path: 'data/turns.csv',
        format: 'csv',
        encoding: 'latin1',
        csv: { delimiter: ';', header: false, columns: ['conversation_id', 'role', 'text', 'created_at'] },
      },
    },
  ],
  create: (config, context) => new FileSource(config, context),
};
