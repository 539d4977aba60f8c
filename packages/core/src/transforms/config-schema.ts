import { z } from 'zod';
import { groupSchema, unwindSchema } from './conversation-schema.js';
import { filtersSchema } from './filter-schema.js';
import { defaultsSchema, pseudonymizeSchema, validateSchema } from './record-schema.js';
import { normalizeWhitespaceSchema, redactSchema, truncateSchema } from './text-schema.js';

/**
 * The transform keys of a pipeline config, all optional. Top-level keys next to `source` and `mapping`: the
 * lead spreads `.shape` into the pipeline schema, so cross-key rules (group vs unwind) are checked by
 * `buildStages`, not here.
 *
 * Record stages run in this order: defaults, filters, validate, pseudonymize, then group or unwind.
 * Document transforms run after mapping: redact, normalize_whitespace, then truncate.
 */
export const transformsConfigSchema = z.object({
  filters: filtersSchema.optional(),
  defaults: defaultsSchema.optional(),
  pseudonymize: pseudonymizeSchema.optional(),
  validate: validateSchema.optional(),
  group: groupSchema.optional(),
  unwind: unwindSchema.optional(),
  redact: redactSchema.optional(),
  normalize_whitespace: normalizeWhitespaceSchema.optional(),
  truncate: truncateSchema.optional(),
});

export type TransformsConfig = z.output<typeof transformsConfigSchema>;
