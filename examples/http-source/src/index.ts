import { defineSource } from '@synap-etl/core';
import { httpJsonConfigSchema } from './config.js';
import { HttpJsonSource } from './http-json-source.js';

/**
 * A source for any HTTP JSON API that pages with an opaque cursor (`GET /messages?limit=100&cursor=...` answering
 * `{ data: [...], next_cursor: "..." }`). Built with the public API only: `defineSource` and the Source contract
 * from @synap-etl/core. Load it with `source.type: ./path/to/src/index.ts` or by package name.
 */
export const httpJsonSource = defineSource({
  type: 'http-json',
  description:
    'Records from an HTTP JSON API with cursor pagination, one page in memory at a time. Resumes after any ' +
    'record by re-fetching its page (cursors must be stable). Retries 429 and 5xx with backoff; a token or ' +
    'auth header is redacted from every message.',
  configSchema: httpJsonConfigSchema,
  examples: [
    {
      title: 'A support desk API, bearer token from the environment',
      config: { url: 'https://support.example.com/api/v2/messages', token: '${SUPPORT_API_TOKEN}', page_size: 200 },
    },
    {
      title: 'Records and cursor nested in the response, an API key header, closed conversations only',
      config: {
        url: 'https://api.example.com/v1/conversations',
        headers: { 'x-api-key': '${EXAMPLE_API_KEY}' },
        query: { status: 'closed' },
        records_field: 'result.items',
        next_cursor_field: 'result.next',
        cursor_param: 'after',
        id_field: 'uuid',
      },
    },
  ],
  create: (config) => new HttpJsonSource(config),
});

export default httpJsonSource;
export { httpJsonConfigSchema } from './config.js';
export type { HttpJsonConfig } from './config.js';
export { HttpJsonSource } from './http-json-source.js';
export type { HttpPosition } from './http-json-source.js';
