import { z } from 'zod';

/**
 * The options of `source: { type: __TYPE__, ... }`. This schema is the single source of truth: config
 * validation, `etl connectors __TYPE__`, the generated docs and editor completion all come from it, so describe
 * every option. Mark secrets (tokens, passwords) with `.meta({ secret: true })`: they are redacted everywhere.
 */
export const __CAMEL__ConfigSchema = z
  .strictObject({
    // Replace `path` with what your system needs, e.g.:
    //   base_url: z.url().describe('API root, e.g. https://example.zendesk.com/api/v2.'),
    //   token: z.string().min(1).describe('API token; write ${__CONST___TOKEN}.').meta({ secret: true }),
    path: z
      .string()
      .min(1)
      .describe('JSON Lines file to read, relative to the config file (the template reads a file until you replace it).')
      .meta({ examples: ['exports/__TYPE__.jsonl'] }),
    id_field: z
      .string()
      .min(1)
      .default('id')
      .describe("Field holding each record's unique, stable id; it becomes the record key (else `line:<n>`)."),
    page_size: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('Records fetched per page; at most one page is held in memory.'),
  })
  .describe('__PASCAL__ records, read page by page.');

export type __PASCAL__Config = z.output<typeof __CAMEL__ConfigSchema>;
