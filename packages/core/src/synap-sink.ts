import { MAX_BATCH_DOCUMENTS, SynapError, classifyItem } from '@synap-etl/synap-client';
import type {
  BatchCreateOptions,
  BatchCreateResult,
  CreateMemoryRequest,
  CreateMemoryResponse,
  SynapErrorCode,
} from '@synap-etl/synap-client';
import { AbortError, EtlError } from './errors.js';
import type { ErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import type { BatchResult, ItemResult, Sink } from './pipeline-types.js';

/** The part of `SynapClient` the sink needs; tests may pass a stand-in. */
export interface BatchCreator {
  batchCreate(documents: readonly CreateMemoryRequest[], options?: BatchCreateOptions): Promise<BatchCreateResult>;
}

export interface SynapSinkOptions {
  /**
   * Extra batch calls allowed, per `deliver`, to isolate the documents of a batch rejected as a whole
   * (400/413/422) by splitting it in halves. Isolating one bad document in 100 takes about 14. When the
   * budget runs out, the documents still unresolved are rejected with the server's detail. @default 64
   */
  maxBisectCalls?: number;
  logger?: Logger;
}

/** Whole-batch rejections that a smaller batch may avoid: one bad document, or a body too large. */
const BISECTABLE_STATUSES = new Set([400, 413, 422]);
/** Client errors that stop the run: no later batch can fare better. */
const FATAL_CODES = new Set(['SYNAP_AUTH', 'SYNAP_CREDITS', 'CONFIG_INVALID']);

interface DeliveryState {
  attempts: number;
  bisectCallsLeft: number;
  batchId: string | undefined;
}

/**
 * Delivers documents with `batchCreate` and turns the answer into one `ItemResult` per document.
 * Duplicates become `already_present`; transient failures that outlasted the client's retries become
 * `failed` (the run goes on, a later run re-drives them); bad credentials and missing credits throw.
 */
export class SynapSink implements Sink {
  readonly #client: BatchCreator;
  readonly #maxBisectCalls: number;
  readonly #logger: Logger;

  constructor(client: BatchCreator, options: SynapSinkOptions = {}) {
    this.#client = client;
    this.#maxBisectCalls = options.maxBisectCalls ?? 64;
    this.#logger = options.logger ?? silentLogger;
  }

  async deliver(documents: CreateMemoryRequest[], signal?: AbortSignal): Promise<BatchResult> {
    const state: DeliveryState = { attempts: 0, bisectCallsLeft: this.#maxBisectCalls, batchId: undefined };
    const items: ItemResult[] = [];
    for (let start = 0; start < documents.length; start += MAX_BATCH_DOCUMENTS) {
      items.push(...(await this.#send(documents.slice(start, start + MAX_BATCH_DOCUMENTS), state, signal)));
    }
    return { ...(state.batchId === undefined ? {} : { batchId: state.batchId }), attempts: state.attempts, items };
  }

  async #send(documents: CreateMemoryRequest[], state: DeliveryState, signal: AbortSignal | undefined): Promise<ItemResult[]> {
    try {
      const { response, attempts } = await this.#client.batchCreate(documents, { failFast: false, ...(signal ? { signal } : {}) });
      state.attempts += attempts;
      state.batchId ??= response.batch_id;
      return matchResults(documents, response.results);
    } catch (error) {
      if (!(error instanceof SynapError)) {
        throw new EtlError('INTERNAL', `unexpected error while delivering to Synap: ${describe(error)}`, { cause: error });
      }
      state.attempts += error.correlationIds.length;
      return this.#onError(error, documents, state, signal);
    }
  }

  async #onError(error: SynapError, documents: CreateMemoryRequest[], state: DeliveryState, signal: AbortSignal | undefined): Promise<ItemResult[]> {
    if (error.code === 'ABORTED') throw new AbortError(error.message);
    if (FATAL_CODES.has(error.code)) throw toEtlError(error);
    if (error.code === 'SYNAP_UNAVAILABLE') return documents.map(() => ({ status: 'failed', reason: error.message }));
    if (error.status === undefined || !BISECTABLE_STATUSES.has(error.status)) throw toEtlError(error);

    if (documents.length === 1) return [{ status: 'rejected', reason: error.message }];
    if (state.bisectCallsLeft < 2) {
      return documents.map(() => ({ status: 'rejected', reason: `${error.message} (the batch was not split further)` }));
    }
    state.bisectCallsLeft -= 2;
    this.#logger.debug('Synap rejected a whole batch; splitting it to isolate the bad documents', {
      documents: documents.length,
      status: error.status,
    });
    const middle = Math.ceil(documents.length / 2);
    const left = await this.#send(documents.slice(0, middle), state, signal);
    const right = await this.#send(documents.slice(middle), state, signal);
    return [...left, ...right];
  }
}

/**
 * Pairs results with documents: by position when the server kept the order (the contract), else by
 * document_id. A document left without a result is `failed`, so a later run re-drives it.
 */
function matchResults(documents: readonly CreateMemoryRequest[], results: readonly CreateMemoryResponse[]): ItemResult[] {
  const inOrder =
    results.length === documents.length &&
    documents.every((doc, i) => doc.document_id === undefined || !results[i]?.document_id || results[i]?.document_id === doc.document_id);
  if (inOrder) return results.map(toItemResult);

  const byId = new Map<string, CreateMemoryResponse>();
  for (const result of results) if (result.document_id && !byId.has(result.document_id)) byId.set(result.document_id, result);
  return documents.map((doc) => {
    const result = doc.document_id === undefined ? undefined : byId.get(doc.document_id);
    return result ? toItemResult(result) : { status: 'failed', reason: 'Synap returned no result for this document' };
  });
}

function toItemResult(result: CreateMemoryResponse): ItemResult {
  switch (classifyItem(result)) {
    case 'delivered':
      return result.ingestion_id ? { status: 'delivered', ingestionId: result.ingestion_id } : { status: 'delivered' };
    case 'already_present':
      return { status: 'already_present' };
    case 'rejected':
      return { status: 'rejected', reason: result.error_message || `rejected by Synap with status ${result.status}` };
  }
}

/** Client codes are core codes by design; spelled out so a new client code fails to compile here. */
const ETL_CODES: Record<SynapErrorCode, ErrorCode> = {
  SYNAP_AUTH: 'SYNAP_AUTH',
  SYNAP_CREDITS: 'SYNAP_CREDITS',
  SYNAP_REQUEST: 'SYNAP_REQUEST',
  SYNAP_UNAVAILABLE: 'SYNAP_UNAVAILABLE',
  ABORTED: 'ABORTED',
  CONFIG_INVALID: 'CONFIG_INVALID',
};

function toEtlError(error: SynapError): EtlError {
  return new EtlError(ETL_CODES[error.code], error.message, { hint: error.hint, cause: error });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
