import { z } from 'zod';

/** The wire contract of the Synap memory API (see shared/synap-api.md). Shared by the client and the emulator. */

export const DOCUMENT_TYPES = [
  'ai-chat-conversation',
  'document',
  'email',
  'pdf',
  'image',
  'audio',
  'meeting-transcript',
] as const;

export const MODES = ['fast', 'long-range'] as const;

export const MAX_BATCH_DOCUMENTS = 100;

export const DEFAULT_BASE_URL = 'https://synap-cloud-prod.maximem.ai';

export const createMemoryRequestSchema = z.strictObject({
  document: z.union([z.string().min(1, 'must not be empty'), z.record(z.string(), z.unknown())]),
  document_type: z.enum(DOCUMENT_TYPES).optional(),
  document_id: z.string().min(1, 'must not be empty').optional(),
  document_created_at: z.iso.datetime({ offset: true }).optional(),
  user_id: z.string().min(1, 'must not be empty').optional(),
  customer_id: z.string().min(1, 'must not be empty').optional(),
  mode: z.enum(MODES).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type CreateMemoryRequest = z.infer<typeof createMemoryRequestSchema>;

export const batchCreateRequestSchema = z.strictObject({
  documents: z.array(createMemoryRequestSchema.or(z.unknown())).min(1).max(MAX_BATCH_DOCUMENTS),
  fail_fast: z.boolean().optional(),
});

export const INGESTION_STATUSES = ['queued', 'processing', 'completed', 'failed', 'partial_success'] as const;

export const createMemoryResponseSchema = z.object({
  ingestion_id: z.string().nullable().optional(),
  document_id: z.string().nullable().optional(),
  status: z.string(),
  queued_at: z.string().nullable().optional(),
  error_message: z.string().nullable().optional(),
  /** Not in the documented shape; accepted because a server may add a machine-readable code to failed items. */
  error_code: z.string().nullable().optional(),
});
export type CreateMemoryResponse = z.infer<typeof createMemoryResponseSchema>;

export const batchCreateResponseSchema = z.object({
  batch_id: z.string(),
  total: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  results: z.array(createMemoryResponseSchema),
});
export type BatchCreateResponse = z.infer<typeof batchCreateResponseSchema>;

export const memoryStatusResponseSchema = createMemoryResponseSchema.extend({
  started_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
  memories_created: z.number().nullable().optional(),
  memory_ids: z.array(z.string()).nullable().optional(),
});
export type MemoryStatusResponse = z.infer<typeof memoryStatusResponseSchema>;

/** Paths follow the official SDK; the prefix is configurable because the REST reference disagrees. */
export const API_PATHS = {
  batch: '/memories/batch',
  create: '/memories/create',
  status: (ingestionId: string) => `/memories/status/${encodeURIComponent(ingestionId)}`,
  health: '/health',
} as const;
export const DEFAULT_PATH_PREFIX = '/api/v1';

/** Message fragment the emulator uses for a duplicate document_id in a batch item; the client also accepts 409-style codes. */
export const DUPLICATE_MESSAGE = 'duplicate document_id';
