import { z } from 'zod';
import { parseExtendedJson } from './extended-json.js';

export const READ_PREFERENCES = ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'] as const;
export const COUNT_MODES = ['estimate', 'exact', 'none'] as const;

const jsonObject = z.record(z.string(), z.unknown());

const fieldPath = z
  .string()
  .min(1)
  .regex(/^[^$.][^$]*$/, 'a field path such as `_id` or `meta.created_at` (no `$`)')
  .refine((path) => !path.split('.').includes(''), 'empty segment in a dotted field path');

export const mongoSourceConfigSchema = z
  .object({
    uri: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .describe(
        'Connection string, e.g. mongodb://etl:${MONGO_PASSWORD}@db.internal:27017/?authSource=admin. ' +
          'Prefer an environment variable for the password; it is redacted from every message.',
      )
      .meta({ secret: true }),
    database: z.string().min(1).describe('Database holding the collection.'),
    collection: z.string().min(1).describe('Collection to read (the aggregation runs on it when `pipeline` is set).'),
    filter: jsonObject
      .optional()
      .describe(
        'Query filter as a JSON object. Extended JSON is accepted for typed values: ' +
          '{"created_at": {"$gte": {"$date": "2024-01-01T00:00:00Z"}}}, {"_id": {"$oid": "..."}}. Not with `pipeline`.',
      ),
    projection: jsonObject
      .optional()
      .describe('Fields to return, e.g. {"messages": 1, "user_id": 1}. Cursor fields are always added to inclusion projections. Not with `pipeline`.'),
    pipeline: z
      .array(jsonObject)
      .optional()
      .describe(
        'Aggregation stages (Extended JSON accepted). A $match on the cursor and a $sort on it are appended after them, ' +
          'so the output must carry the cursor fields. Use it to $unwind a messages array, one record per message.',
      ),
    cursor: z
      .union([fieldPath, z.array(fieldPath).min(1)])
      .default('_id')
      .describe(
        'Field (or ordered list of fields) that orders the read and marks the resume position. Together they must be ' +
          'unique per record and never arrays, e.g. [created_at, _id]. An index on them keeps reads fast.',
      ),
    batch_size: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(1000)
      .describe('Documents fetched per round trip; also the most the connector holds in memory at once.'),
    read_preference: z
      .enum(READ_PREFERENCES)
      .default('primary')
      .describe('Replica-set member to read from. secondaryPreferred keeps backfill load off the primary.'),
    count: z
      .enum(COUNT_MODES)
      .optional()
      .describe(
        'How progress totals are obtained: estimate (collection metadata, instant), exact (counts matching documents or ' +
          'pipeline output), none. Default: estimate for a whole collection, exact with a filter or pipeline.',
      ),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.pipeline && (config.filter || config.projection)) {
      ctx.addIssue({ code: 'custom', path: ['pipeline'], message: 'use either pipeline or filter/projection, not both' });
    }
    const fields = cursorFields(config.cursor);
    if (new Set(fields).size !== fields.length) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'cursor fields must be distinct' });
    }
    for (const key of ['filter', 'projection', 'pipeline'] as const) {
      if (config[key] === undefined) continue;
      try {
        parseExtendedJson(config[key]);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: [key], message: `invalid Extended JSON: ${(error as Error).message}` });
      }
    }
    for (const field of excludedCursorFields(config.projection, fields)) {
      ctx.addIssue({ code: 'custom', path: ['projection'], message: `projection excludes the cursor field \`${field}\`` });
    }
  })
  .describe('Reads a MongoDB collection (optionally filtered, projected or run through an aggregation) in cursor order.');

export type MongoSourceConfig = z.output<typeof mongoSourceConfigSchema>;

export function cursorFields(cursor: string | readonly string[]): string[] {
  return typeof cursor === 'string' ? [cursor] : [...cursor];
}

function isExclusion(value: unknown): boolean {
  return value === 0 || value === false;
}

/** Cursor fields an exclusion projection (`{field: 0}`) would drop, directly or through a parent path. */
function excludedCursorFields(projection: Record<string, unknown> | undefined, fields: string[]): string[] {
  if (!projection) return [];
  return fields.filter((field) =>
    Object.entries(projection).some(([path, value]) => isExclusion(value) && (field === path || field.startsWith(`${path}.`))),
  );
}

/**
 * An inclusion projection returns only the listed fields; the cursor fields are needed for positions, so they are
 * added unless a listed path already covers them.
 */
export function projectionWithCursor(projection: Record<string, unknown> | undefined, fields: string[]): Record<string, unknown> | undefined {
  if (!projection) return undefined;
  const isInclusion = Object.entries(projection).some(([path, value]) => path !== '_id' && !isExclusion(value));
  if (!isInclusion) return projection;
  const out = { ...projection };
  for (const field of fields) {
    const covered = Object.keys(projection).some(
      (path) => field === path || field.startsWith(`${path}.`) || path.startsWith(`${field}.`),
    );
    if (!covered) out[field] = 1;
  }
  return out;
}
