import { z } from 'zod';
import { isValidTimeZone } from './zone-offsets.js';
import { unionMessage } from './union-message.js';

/**
 * The `mapping` section of a pipeline config: how a record becomes a Synap CreateMemoryRequest.
 * This schema is the single source of truth for the docs and the JSON Schema, so it holds no transforms;
 * templates are parsed and values coerced by `compileMapping`.
 */

export const FIELD_TYPES = ['string', 'number', 'boolean', 'timestamp', 'uuid', 'json'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Keys that pick where a value comes from; an object spec has exactly one of them. */
export const VALUE_SELECTORS = ['field', 'template', 'value'] as const;

const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'not an IANA time zone (examples: UTC, Europe/Berlin, America/New_York)' });

const constantSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .describe('A template string (with {{ }} or {% %}) or a constant (string, number, boolean).');

export const fieldSpecObjectSchema = z
  .strictObject({
    field: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Path of a record field, dot notation into nested objects and arrays (`org.id`, `messages.0.text`). ' +
          'The raw value is kept (Date, number, bigint) and coerced by `type`. A key that literally contains dots is matched first. ' +
          'A path missing from a record rejects the record unless `default` is set.',
      ),
    template: z
      .string()
      .optional()
      .describe(
        'A LiquidJS template rendered per record (`{{ user_text }}`, filters allowed, no HTML escaping). ' +
          'Unknown variables reject the record; `{{ x | default: "y" }}` and `{% if x %}` tolerate them.',
      ),
    value: z.json().optional().describe('A constant, the same for every record.'),
    default: z
      .json()
      .optional()
      .describe(
        'Constant used when the value is null, missing, or an empty/whitespace-only string. ' +
          '`default: null` means "may be absent": the field is then left out of the request.',
      ),
    type: z
      .enum(FIELD_TYPES)
      .optional()
      .describe(
        'Coercion of the value: string; number; boolean (true/false, 1/0, yes/no); timestamp (UTC ISO-8601 with Z); ' +
          'uuid (validated, lower-cased); json (objects and arrays kept). Defaults: timestamp for document_created_at, ' +
          'string for document, document_type, mode and the ids; in metadata, text for a template with text around its ' +
          'expressions, else the value as is (a single `{{ variable }}` is the same as `field:`).',
      ),
    timezone: timeZoneSchema
      .optional()
      .describe('IANA zone for timestamps without offset in this field; overrides `mapping.timezone`.'),
  })
  .refine((spec) => VALUE_SELECTORS.filter((key) => spec[key] !== undefined).length === 1, {
    message: 'needs exactly one of `field`, `template` or `value`',
    abort: true,
  })
  .describe('Object form of a field: where the value comes from (exactly one of field, template, value) and how it is coerced.');

export const fieldSpecSchema = z.union([constantSchema, fieldSpecObjectSchema], { error: unionMessage });

export type MetadataValueSpec = z.input<typeof fieldSpecSchema> | { [key: string]: MetadataValueSpec };

const metadataValueSchema: z.ZodType<MetadataValueSpec> = z.lazy(() =>
  z.union([constantSchema, fieldSpecObjectSchema, nestedMetadataSchema], { error: unionMessage }),
);

/** A nested metadata object is a map of specs; an object holding `field`, `template` or `value` is always a spec. */
const nestedMetadataSchema = z
  .record(z.string(), metadataValueSchema)
  .refine((map) => !VALUE_SELECTORS.some((key) => key in map), {
    message: 'an object with `field`, `template` or `value` is a field spec, not a nested metadata object',
    // Both refinements abort: zod then reports a failed union through `unionMessage`, which picks the branch
    // by the input's shape, instead of settling on whichever branch failed only a refinement.
    abort: true,
  })
  .describe('A nested metadata object: keys map to field specs or further nested objects.');

export const metadataSpecSchema = z
  .record(z.string(), metadataValueSchema)
  .describe(
    'Metadata stored with the memory (not indexed), e.g. conversation_id and source: backfill. ' +
      'Values are field specs or nested objects of field specs; values that come out empty are left out.',
  );

function field(description: string) {
  return fieldSpecSchema.describe(description);
}

export const mappingSchema = z
  .strictObject({
    timezone: timeZoneSchema
      .optional()
      .describe(
        'IANA zone (e.g. Europe/Berlin) used to read timestamps that carry no UTC offset (`2024-03-10 02:30:00`, date-only). ' +
          'No default: without it, such values reject the record rather than being guessed. DST: a local time that does ' +
          'not exist (spring-forward gap) moves forward by the gap (02:30 becomes 03:30); one that occurs twice ' +
          '(fall-back) takes the earlier instant. Epoch numbers: below 1e11 seconds, below 1e14 milliseconds, larger refused.',
      ),
    document: field(
      'The memory content. For chats, prefix every turn with a speaker label (`User:`, `Assistant:`). ' +
        'Empty or whitespace-only documents reject the record; objects need `type: json`.',
    ),
    document_type: field(
      'Synap document type: ai-chat-conversation, document, email, pdf, image, audio or meeting-transcript.',
    ).default('ai-chat-conversation'),
    document_id: field(
      'Stable idempotency key, e.g. `backfill:{{ conversation_id }}:{{ message_index }}`. Numbers and bigints become ' +
        'decimal strings. When unmapped, derived as `<pipeline>:<32 hex of sha256(record key)>`.',
    ).optional(),
    document_created_at: field(
      'When the conversation happened: Date, ISO-8601, naive timestamp (read in `timezone`), or epoch seconds/milliseconds. ' +
        'Sent as UTC ISO-8601. Without it every memory looks like it happened today and recency ranking breaks.',
    ).optional(),
    user_id: field('User scope of the memory. Numbers and bigints become decimal strings; strings are trimmed.').optional(),
    customer_id: field('Customer (organisation) scope; required with user_id on B2B instances.').optional(),
    mode: field('Extraction mode: long-range (full extraction, right for backfills) or fast.').default('long-range'),
    metadata: metadataSpecSchema.optional(),
  })
  .describe('How each record becomes a Synap memory: a template, field path or constant per request field.');

/** The mapping as written in YAML (defaults optional). */
export type MappingConfig = z.input<typeof mappingSchema>;
/** The mapping after parsing (defaults applied). */
export type ParsedMapping = z.output<typeof mappingSchema>;
export type FieldSpec = z.output<typeof fieldSpecSchema>;
export type FieldSpecObject = z.output<typeof fieldSpecObjectSchema>;

/** Request fields a mapping can set, in the order they are evaluated. */
export const REQUEST_FIELDS = [
  'document',
  'document_type',
  'document_id',
  'document_created_at',
  'user_id',
  'customer_id',
  'mode',
] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];
