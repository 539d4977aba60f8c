import { z } from 'zod';

const csvOptionsSchema = z
  .strictObject({
    delimiter: z
      .string()
      .min(1)
      .default(',')
      .describe('Field separator: one or more characters, e.g. "," or ";" or "\\t".')
      .meta({ examples: [',', ';', '\t'] }),
    quote: z.string().length(1).default('"').describe('Character that encloses fields holding delimiters, quotes or newlines.'),
    escape: z
      .string()
      .length(1)
      .optional()
      .describe('Character that escapes a quote inside a quoted field. Default: the quote itself (RFC 4180: "" is one ").')
      .meta({ examples: ['\\'] }),
    header: z
      .boolean()
      .default(true)
      .describe('true: the first row names the columns (and is not a record). false: every row is a record; set `columns`.'),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Column names, in order. With `header: true` they replace the names in the first row.')
      .meta({ examples: [['conversation_id', 'role', 'text', 'created_at']] }),
    trim: z.boolean().default(false).describe('Remove whitespace around unquoted and quoted fields.'),
    skip_empty_lines: z.boolean().default(true).describe('Ignore empty lines instead of treating them as records.'),
    relax_column_count: z
      .boolean()
      .default(false)
      .describe(
        'Accept rows with more or fewer fields than columns (missing fields are left out, extra ones dropped). ' +
          'Otherwise such a row is rejected as invalid and the read goes on.',
      ),
  })
  .refine((csv) => csv.header || csv.columns !== undefined, {
    message: 'with `header: false`, name the columns with `columns`',
    path: ['columns'],
  })
  .describe('CSV parsing options (format csv only).');

export const fileConfigSchema = z
  .strictObject({
    path: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe(
        'A file, a glob pattern (`exports/*.jsonl.gz`, `**/*.csv`), or a list of them, relative to the config ' +
          'file. All matches are read in sorted path order; a pattern that matches nothing is an error.',
      )
      .meta({ examples: ['exports/chats.csv', ['exports/2024-*.jsonl.gz', 'exports/2025-*.jsonl.gz']] }),
    format: z
      .enum(['csv', 'jsonl'])
      .optional()
      .describe('File format. Default: from each file\'s extension: .csv is csv; .jsonl and .ndjson are jsonl (also with .gz).'),
    encoding: z
      .enum(['utf8', 'utf16le', 'latin1'])
      .default('utf8')
      .describe('Text encoding. A byte-order mark, when present, wins. JSON Lines must be utf8 or latin1.'),
    gzip: z
      .union([z.literal('auto'), z.boolean()])
      .default('auto')
      .describe('Decompress with gzip. auto: when the name ends in .gz or the file starts with the gzip magic bytes.'),
    csv: csvOptionsSchema.prefault({}),
  })
  .describe('Reads CSV or JSON Lines files, plain or gzip-compressed, one record per CSV row or JSON line.');

export type FileSourceConfig = z.output<typeof fileConfigSchema>;
export type CsvOptions = FileSourceConfig['csv'];
export type FileFormat = NonNullable<FileSourceConfig['format']>;
