import { defineSource } from '@synap-etl/core';
import { __CAMEL__ConfigSchema } from './config.js';
import { __PASCAL__Source } from './__TYPE__-source.js';

/** Loaded by `source.type: <path to this file>` or by package name; `export default` is what the loader looks for. */
export const __CAMEL__Source = defineSource({
  type: '__TYPE__',
  description: '__PASCAL__ records, read page by page and resumable after any record. (Describe what it reads.)',
  configSchema: __CAMEL__ConfigSchema,
  examples: [
    { title: 'An export file', config: { path: 'exports/__TYPE__.jsonl' } },
    { title: 'Records keyed by ticket_id, 500 per page', config: { path: 'exports/__TYPE__.jsonl', id_field: 'ticket_id', page_size: 500 } },
  ],
  create: (config, context) => new __PASCAL__Source(config, context),
});

export default __CAMEL__Source;
export { __CAMEL__ConfigSchema } from './config.js';
