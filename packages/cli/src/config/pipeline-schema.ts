import { z } from 'zod';
import { mappingSchema, transformsConfigSchema } from '@synap-etl/core';
import { stateConfigSchema } from '@synap-etl/state';
import { MAX_BATCH_DOCUMENTS } from '@synap-etl/synap-client';

const emulatorSchema = z
  .union([
    z.boolean(),
    z.object({
      data_dir: z
        .string()
        .optional()
        .describe('Directory where the emulator keeps accepted documents, so document_id dedupe survives restarts. Relative to the config file.'),
      latency_ms: z.number().int().min(0).optional().describe('Added latency per request, to try concurrency settings.'),
      api_key: z.string().optional().describe('When set, the emulator answers 401 to any other key.').meta({ secret: true }),
    }),
  ])
  .describe('Deliver to an embedded Synap emulator started for this run instead of the real API. No credentials needed, nothing is billed.');

export const synapConfigSchema = z
  .object({
    base_url: z.url().optional().describe('API base URL. Default: $SYNAP_BASE_URL, else https://synap-cloud-prod.maximem.ai.'),
    api_key: z.string().optional().describe('API key. Default: $SYNAP_API_KEY. Prefer ${SYNAP_API_KEY} over a literal.').meta({ secret: true }),
    instance_id: z.string().optional().describe('Instance id (inst_ + 16 hex). Default: $SYNAP_INSTANCE_ID.'),
    client_id: z.string().optional().describe('Sent as X-Client-ID.'),
    path_prefix: z.string().optional().describe("Path prefix of the memory endpoints. Default '/api/v1' (the SDK's paths)."),
    timeout_ms: z.number().int().positive().optional().describe('Per-request timeout. Default 30000.'),
    retry: z
      .object({
        attempts: z.number().int().min(1).max(20).optional().describe('Tries per batch for 429, 5xx, timeouts and resets. Default 5.'),
        base_delay_ms: z.number().int().min(0).optional().describe('First backoff delay. Default 1000.'),
        max_delay_ms: z.number().int().min(0).optional().describe('Backoff cap. Default 10000.'),
      })
      .optional()
      .describe('Retry policy for transient failures (exponential backoff with jitter; 429 waits at least Retry-After).'),
    emulator: emulatorSchema.optional(),
  })
  .describe('Where documents are delivered.');

export const batchConfigSchema = z
  .object({
    size: z
      .number()
      .int()
      .min(1)
      .max(MAX_BATCH_DOCUMENTS)
      .default(50)
      .describe(`Documents per batch call (1 to ${MAX_BATCH_DOCUMENTS}, the API's limit).`),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024)
      .describe('Upper bound of one batch request body in bytes.'),
  })
  .describe('Batching of documents into batch-create calls.');

export const deliveryConfigSchema = z
  .object({
    concurrency: z.number().int().min(1).max(64).default(4).describe('Batches in flight at once.'),
    drain_timeout_ms: z
      .number()
      .int()
      .min(0)
      .default(30_000)
      .describe('On Ctrl-C/SIGTERM, how long in-flight batches may take to finish before they are cancelled.'),
  })
  .describe('Delivery concurrency and shutdown.');

export const pipelineConfigSchema = z
  .object({
    pipeline: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'letters, digits, _ . - (up to 100), starting with a letter or digit')
      .describe('Name of this pipeline. Keys its state, and derived document ids, so keep it stable across runs.'),
    source: z
      .looseObject({ type: z.string().min(1).describe('A built-in connector name, an npm package, or a path to a plugin module.') })
      .describe('Where records come from. The other keys are the connector\'s options (see `etl connectors <type>`).'),
    mapping: mappingSchema,
    scope: z
      .enum(['b2c', 'b2b'])
      .default('b2c')
      .describe('b2b: user_id without customer_id is rejected before anything is sent, as B2B instances do.'),
    batch: batchConfigSchema.default({ size: 50, max_bytes: 4 * 1024 * 1024 }),
    delivery: deliveryConfigSchema.default({ concurrency: 4, drain_timeout_ms: 30_000 }),
    synap: synapConfigSchema.default({}),
    state: stateConfigSchema.optional().describe('Where run state lives. Default: a SQLite file in .etl-state/ next to the config.'),
    ...transformsConfigSchema.shape,
  })
  .strict()
  .describe('A synap-etl pipeline: one source, optional transforms, a mapping to Synap documents, and delivery settings.');

export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
