import { randomUUID } from 'node:crypto';
import { DUPLICATE_MESSAGE, MAX_BATCH_DOCUMENTS, batchCreateRequestSchema } from '@synap-etl/synap-client';
import type {
  BatchCreateResponse,
  CreateMemoryRequest,
  CreateMemoryResponse,
  MemoryStatusResponse,
} from '@synap-etl/synap-client';
import type { DocumentStore, StoredDocument } from './document-store.js';
import { checkDocument, rawDocumentId, validationDetail } from './validate-document.js';

export interface ApiReply {
  status: number;
  body: unknown;
  /** True when the request stored documents (the case `dropAfterAccept` is about). */
  accepted: boolean;
}

export interface MemoryApiOptions {
  /** Reject `user_id` without `customer_id`. */
  b2b: boolean;
  /** Credit balance; each accepted document costs one. Undefined = unlimited. */
  credits: number | undefined;
}

type Planned = { accept: CreateMemoryRequest } | { fail: { documentId: string | null; message: string } };

/** The memory endpoints' behaviour, apart from HTTP: validation, dedupe, credits, storage, reply shapes. */
export class MemoryApi {
  readonly #store: DocumentStore;
  readonly #b2b: boolean;
  #credits: number | undefined;

  constructor(store: DocumentStore, options: MemoryApiOptions) {
    this.#store = store;
    this.#b2b = options.b2b;
    this.#credits = options.credits;
  }

  get credits(): number | undefined {
    return this.#credits;
  }

  batch(body: unknown): ApiReply {
    const count = documentCount(body);
    if (count !== undefined && count > MAX_BATCH_DOCUMENTS) {
      return reply(422, { detail: `at most ${MAX_BATCH_DOCUMENTS} documents per batch, got ${count}` });
    }
    const parsed = batchCreateRequestSchema.safeParse(body);
    if (!parsed.success) return reply(422, { detail: validationDetail(parsed.error, 'body') });
    const { documents, fail_fast: failFast = false } = parsed.data;

    const seen = new Set<string>();
    const invalid: Array<{ loc: Array<string | number>; msg: string; type: string }> = [];
    const plan: Planned[] = documents.map((raw, i) => {
      const check = checkDocument(raw, { b2b: this.#b2b });
      if (!check.ok) {
        invalid.push({ loc: ['body', 'documents', i, check.field], msg: check.message, type: 'value_error' });
        return { fail: { documentId: rawDocumentId(raw), message: check.message } };
      }
      const id = check.document.document_id;
      if (id !== undefined && (this.#store.has(id) || seen.has(id))) {
        const where = seen.has(id) ? 'appears more than once in this batch' : 'was already ingested';
        return { fail: { documentId: id, message: `${DUPLICATE_MESSAGE}: ${id} ${where}` } };
      }
      if (id !== undefined) seen.add(id);
      return { accept: check.document };
    });
    if (failFast && invalid.length > 0) return reply(422, { detail: invalid });

    const toAccept = plan.flatMap((item) => ('accept' in item ? [item.accept] : []));
    const refusal = this.#charge(toAccept.length);
    if (refusal) return refusal;
    const stored = this.#store.accept(toAccept);

    let next = 0;
    const results = plan.map((item): CreateMemoryResponse => {
      if ('fail' in item) return failedResult(item.fail.documentId, item.fail.message);
      const record = stored[next++];
      if (!record) throw new Error('emulator bug: fewer stored documents than accepted');
      return queuedResult(record);
    });
    const response: BatchCreateResponse = {
      batch_id: randomUUID(),
      total: results.length,
      succeeded: stored.length,
      failed: results.length - stored.length,
      results,
    };
    return { status: 200, body: response, accepted: stored.length > 0 };
  }

  create(body: unknown): ApiReply {
    const check = checkDocument(body, { b2b: this.#b2b });
    if (!check.ok) {
      return reply(check.status, { detail: [{ loc: ['body', check.field], msg: check.message, type: 'value_error' }] });
    }
    const id = check.document.document_id;
    if (id !== undefined && this.#store.has(id)) {
      return reply(409, { detail: { code: 'DUPLICATE_DOCUMENT_ID', message: `${DUPLICATE_MESSAGE}: ${id} was already ingested` } });
    }
    const refusal = this.#charge(1);
    if (refusal) return refusal;
    const [record] = this.#store.accept([check.document]);
    if (!record) throw new Error('emulator bug: document not stored');
    return { status: 200, body: queuedResult(record), accepted: true };
  }

  status(ingestionId: string): ApiReply {
    const record = this.#store.getByIngestionId(ingestionId);
    if (!record) return reply(404, { detail: `ingestion ${ingestionId} not found` });
    // The emulator extracts nothing: every ingestion is complete at once, with no memories.
    const body: MemoryStatusResponse = {
      ingestion_id: record.ingestionId,
      document_id: record.documentId ?? null,
      status: 'completed',
      queued_at: record.queuedAt,
      error_message: null,
      started_at: record.queuedAt,
      completed_at: record.queuedAt,
      memories_created: 0,
      memory_ids: [],
    };
    return reply(200, body);
  }

  /** Takes `documents` credits, or returns the 402 to send. */
  #charge(documents: number): ApiReply | undefined {
    if (this.#credits === undefined || documents === 0) return undefined;
    if (this.#credits < documents) {
      return reply(402, {
        detail: { message: 'insufficient credits', balance_credits: this.#credits, minimum_required_credits: documents },
      });
    }
    this.#credits -= documents;
    return undefined;
  }
}

function reply(status: number, body: unknown): ApiReply {
  return { status, body, accepted: false };
}

function queuedResult(record: StoredDocument): CreateMemoryResponse {
  return {
    ingestion_id: record.ingestionId,
    document_id: record.documentId ?? null,
    status: 'queued',
    queued_at: record.queuedAt,
    error_message: null,
  };
}

function failedResult(documentId: string | null, message: string): CreateMemoryResponse {
  return { ingestion_id: null, document_id: documentId, status: 'failed', queued_at: null, error_message: message };
}

function documentCount(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const documents = (body as { documents?: unknown }).documents;
  return Array.isArray(documents) ? documents.length : undefined;
}
