import { z } from 'zod';
import { isValidTimeZone } from './temporal.js';

export interface SqlSchemaOptions {
  /** Product name used in descriptions: `PostgreSQL`, `MySQL/MariaDB`. */
  product: string;
  defaultPort: number;
  urlExample: string;
}

export const DEFAULT_PAGE_SIZE = 2000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

function sslSchema() {
  return z
    .union([
      z.boolean().describe('true: TLS with certificate verification against the system CAs; false: no TLS.'),
      z.strictObject({
        reject_unauthorized: z
          .boolean()
          .default(true)
          .describe('Verify the server certificate. Turn off only for a test server with a self-signed certificate.'),
        ca: z.string().optional().describe('PEM text of the CA certificate that signed the server certificate.'),
        ca_file: z
          .string()
          .optional()
          .describe('Path of a PEM file with the CA certificate, relative to the config file.'),
      }),
    ])
    .describe('TLS settings. Omitted: whatever the URL asks for (for example `?sslmode=require`), else no TLS.');
}

function connectionSchema(options: SqlSchemaOptions) {
  const fields = z
    .strictObject({
      url: z
        .string()
        .min(1)
        .optional()
        .meta({ secret: true, description: `Connection URL (${options.urlExample}); fields given next to it override it.` }),
      host: z.string().min(1).optional().describe('Server host name or IP address.'),
      port: z.number().int().min(1).max(65535).optional().describe(`Server port (default ${options.defaultPort}).`),
      user: z.string().min(1).optional().describe('User name.'),
      password: z
        .string()
        .optional()
        .meta({ secret: true, description: 'Password; write `${DB_PASSWORD}` to take it from the environment.' }),
      database: z.string().min(1).optional().describe('Database name.'),
      ssl: sslSchema().optional(),
    })
    .refine((value) => value.url !== undefined || value.host !== undefined, {
      message: 'give either `url` or `host`',
    });
  return z
    .union([
      z
        .string()
        .min(1)
        .meta({ secret: true, description: `A connection URL, e.g. ${options.urlExample}.` }),
      fields,
    ])
    .describe(
      `How to reach ${options.product}: a URL (usually \`\${DATABASE_URL}\`) or separate fields. The password is never logged.`,
    );
}

export function sqlSourceConfigSchema(options: SqlSchemaOptions) {
  const identifier = z.string().min(1);
  return z
    .strictObject({
      connection: connectionSchema(options),
      table: identifier
        .optional()
        .describe('Table (or view) to read, optionally schema-qualified: `conversations`, `app.conversations`.'),
      columns: z
        .array(identifier)
        .min(1)
        .optional()
        .describe('Columns to read from `table` (default: all). Cursor columns are always read.'),
      where: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Raw SQL predicate added to every read, e.g. `deleted_at IS NULL`. Trusted config: it is inserted into the SQL as written.',
        ),
      query: z
        .string()
        .min(1)
        .optional()
        .describe(
          'A SELECT to read instead of `table`. It runs as a subquery: `SELECT * FROM (<query>) AS src WHERE <after the last cursor value> ORDER BY <cursor> LIMIT <page_size>`, so it must not end with a semicolon. Trusted config.',
        ),
      cursor: z
        .union([identifier, z.array(identifier).min(1)])
        .describe(
          'Column, or columns, forming a unique, ordered, NOT NULL key, e.g. `[created_at, id]`. Rows are read in this order, a page at a time after the last row read (keyset pagination), and a resumed run continues strictly after the last checkpoint. Rows whose cursor columns are NULL are not read.',
        ),
      page_size: z
        .number()
        .int()
        .min(1)
        .max(100_000)
        .default(DEFAULT_PAGE_SIZE)
        .describe('Rows fetched per query; at most two pages are held in memory.'),
      since: z
        .union([z.string(), z.number()])
        .optional()
        .describe(
          'Read only rows whose first cursor column is >= this value (inclusive). For naive timestamp columns give wall-clock time in that column\'s zone.',
        ),
      until: z
        .union([z.string(), z.number()])
        .optional()
        .describe('Read only rows whose first cursor column is < this value (exclusive).'),
      timezone: z
        .string()
        .default('UTC')
        .refine(isValidTimeZone, { message: 'not a time zone name luxon knows (e.g. `UTC`, `Europe/Paris`)' })
        .describe(
          'Zone of naive timestamp columns (timestamp without time zone, DATETIME). They become exact UTC instants read in this zone, never in the machine\'s zone. Example with `America/New_York`: 2024-03-10 01:30 is 06:30Z (EST), 2024-03-10 03:30 is 07:30Z (EDT); 02:30 does not exist that day and reads as 07:30Z; 2024-11-03 01:30 happens twice and reads as the second one, 06:30Z (EST).',
        ),
      count: z
        .enum(['exact', 'estimate', 'none'])
        .default('estimate')
        .describe(
          'Row count for progress: `exact` runs COUNT(*); `estimate` asks the planner and counts exactly when it guesses fewer than 100,000 rows; `none` skips it.',
        ),
      binary: z
        .enum(['reject', 'base64', 'hex'])
        .default('reject')
        .describe(
          'Binary column values (bytea, BLOB, VARBINARY): `reject` turns a row holding one into a rejected record naming the column; `base64`/`hex` encode it as text. Leaving the column out of `columns` also works.',
        ),
      connect_timeout_ms: z
        .number()
        .int()
        .min(100)
        .default(DEFAULT_CONNECT_TIMEOUT_MS)
        .describe('Give up connecting after this many milliseconds, so a wrong host fails fast.'),
    })
    .superRefine((config, ctx) => {
      if ((config.table === undefined) === (config.query === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['table'], message: 'give exactly one of `table` or `query`' });
      }
      if (config.columns && config.query !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['columns'], message: '`columns` applies to `table`; select them in `query`' });
      }
      const cursor = typeof config.cursor === 'string' ? [config.cursor] : config.cursor;
      if (new Set(cursor).size !== cursor.length) {
        ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'a cursor column is listed twice' });
      }
    });
}

export type SqlSourceConfig = z.output<ReturnType<typeof sqlSourceConfigSchema>>;

export function cursorColumns(config: Pick<SqlSourceConfig, 'cursor'>): string[] {
  return typeof config.cursor === 'string' ? [config.cursor] : [...config.cursor];
}
