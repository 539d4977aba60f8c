import { z } from 'zod';
import { toEpochMillis } from './time-value.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const instant = z
  .string()
  .refine((text) => toEpochMillis(text) !== undefined, 'not a date/time; use ISO-8601, e.g. 2023-01-01T00:00:00Z')
  .describe('An ISO-8601 date or date-time; without a zone it is read as UTC.');

const reason = z
  .string()
  .min(1)
  .optional()
  .describe(
    'Why records are skipped: kept with each skipped record in the ledger, and printed by `etl validate` and `etl preview`. ' +
      'Default: a description of the condition.',
  );

export const expressionFilterSchema = z
  .strictObject({
    skip_if: z
      .string()
      .min(1)
      .describe(
        'A LiquidJS expression over the record\'s fields, e.g. `content == blank` or `role == "system" and channel != "chat"`. ' +
          'The record is skipped when the value is truthy in Liquid terms (everything but false, nil and missing).',
      ),
    reason,
  })
  .describe('Skip the records for which an expression holds.');

export const fieldFilterSchema = z
  .strictObject({
    field: z.string().min(1).describe('The field tested; a dotted path reaches nested values (`meta.channel`).'),
    in: z.array(scalar).min(1).optional().describe('Skip when the value is one of these (compared as text: 1 matches "1").'),
    not_in: z
      .array(scalar)
      .min(1)
      .optional()
      .describe('Skip when the value is none of these; a missing value is none of them.'),
    empty: z
      .boolean()
      .optional()
      .describe('true: skip when the value is missing, null, blank text or an empty array.'),
    before: instant.optional().describe('Skip when the time in the field is strictly before this instant.'),
    after: instant.optional().describe('Skip when the time in the field is strictly after this instant.'),
    reason,
  })
  .refine(
    (f) => f.in !== undefined || f.not_in !== undefined || f.empty !== undefined || f.before !== undefined || f.after !== undefined,
    'give at least one condition: in, not_in, empty, before or after',
  )
  .describe(
    'Skip records by the value of one field. Several conditions in one entry skip a record when any holds, ' +
      'so `before` and `after` together keep a date range. A record whose field holds no readable time, ' +
      'under `before`/`after`, is rejected with the reason.',
  );

export const filterSchema = z.union([expressionFilterSchema, fieldFilterSchema]);

export const filtersSchema = z
  .array(filterSchema)
  .describe(
    'Conditions that skip source records before grouping, in order; the first that holds names the reason. ' +
      'Skipped records are counted as filtered, with that reason.',
  );

export type ExpressionFilter = z.output<typeof expressionFilterSchema>;
export type FieldFilter = z.output<typeof fieldFilterSchema>;
export type FilterConfig = z.output<typeof filterSchema>;
