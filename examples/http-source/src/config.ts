import { z } from 'zod';

const fieldPath = z
  .string()
  .min(1)
  .regex(/^[^.]+(\.[^.]+)*$/, 'a field name or a dotted path such as `meta.next`');

/** Options of `source: { type: <this plugin>, ... }`: the single source of truth for validation and docs. */
export const httpJsonConfigSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .describe('The list endpoint, e.g. https://api.example.com/v1/messages. Fixed query parameters go in `query`.')
      .meta({ examples: ['https://support.example.com/api/v2/messages'] }),
    token: z
      .string()
      .min(1)
      .optional()
      .describe('Sent as `Authorization: Bearer <token>`. Write `${API_TOKEN}`; it is redacted from every message.')
      .meta({ secret: true }),
    headers: z
      .record(z.string(), z.string().meta({ secret: true }))
      .optional()
      .describe('Extra request headers, e.g. an API key header. Their values are treated as secrets.'),
    query: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Fixed query parameters sent with every page request, e.g. { status: closed }. Not for secrets.'),
    records_field: fieldPath.default('data').describe('Where the array of records is in a page response (dotted path).'),
    next_cursor_field: fieldPath
      .default('next_cursor')
      .describe('Where the next page\'s cursor is in a page response; null, "" or absent ends the read.'),
    cursor_param: z.string().min(1).default('cursor').describe('Query parameter that carries the cursor of the page to fetch.'),
    page_size: z.number().int().min(1).max(1000).default(100).describe('Records per page, sent as `page_size_param`.'),
    page_size_param: z.string().min(1).default('limit').describe('Query parameter that carries the page size.'),
    id_field: fieldPath
      .default('id')
      .describe("Field holding each record's unique, stable id: the record key. A record without one is rejected."),
    timeout_ms: z.number().int().min(100).default(10_000).describe('Per-request timeout, from sending to the last byte.'),
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(3)
      .describe('Retries of a page request after 429, 5xx, a timeout or a dropped connection (exponential backoff).'),
    retry_delay_ms: z.number().int().min(0).default(500).describe('First backoff delay; doubles per retry. A Retry-After header wins.'),
    max_page_bytes: z
      .number()
      .int()
      .min(1024)
      .default(16 * 1024 * 1024)
      .describe('Largest page response accepted, so one page can never exhaust memory.'),
  })
  .describe('Records from an HTTP JSON API that pages with an opaque cursor.');

export type HttpJsonConfig = z.output<typeof httpJsonConfigSchema>;
