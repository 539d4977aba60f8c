import type { z } from 'zod';
import { backoffDelayMs, defaultSleep, rateLimitDelayMs } from './backoff.js';
import { resolveClientOptions } from './client-options.js';
import type { ResolvedClientOptions, SleepFn, SynapClientOptions } from './client-options.js';
import {
  API_PATHS,
  MAX_BATCH_DOCUMENTS,
  batchCreateResponseSchema,
  createMemoryResponseSchema,
  memoryStatusResponseSchema,
} from './contract.js';
import type { BatchCreateResponse, CreateMemoryRequest, CreateMemoryResponse, MemoryStatusResponse } from './contract.js';
import { SynapAbortedError, SynapRequestError, SynapUnavailableError, scrubSecret } from './errors.js';
import { HttpTransport, TransientFailure } from './http-transport.js';
import { describeDetail, judgeResponse } from './response-verdict.js';

export interface BatchCreateOptions {
  /** When true, one invalid document makes the server reject the whole batch. @default false */
  failFast?: boolean;
  signal?: AbortSignal;
}

export interface BatchCreateResult {
  response: BatchCreateResponse;
  /** HTTP requests this call sent, the successful one included. */
  attempts: number;
}

export type CreateResult =
  | { status: 'delivered'; response: CreateMemoryResponse; attempts: number }
  /** 409: the document_id was ingested before. */
  | { status: 'already_present'; detail: string; attempts: number };

export interface HealthResult {
  ok: boolean;
  status: number;
}

interface CallSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  schema: z.ZodType<T>;
  signal: AbortSignal | undefined;
}

type CallOutcome<T> = { kind: 'success'; value: T; attempts: number } | { kind: 'conflict'; detail: unknown; attempts: number };

/**
 * Client of the Synap memory API. Retries transient failures (5xx, 408, 429, timeouts, dropped
 * connections) with jittered exponential backoff, never sooner than a 429's Retry-After; fails at once on
 * permanent errors. Thrown errors are `SynapError`s whose messages never contain the API key.
 *
 * Resubmitting a batch after a lost response is safe only with stable `document_id`s: the server then
 * answers duplicates, which `classifyItem` reports as `already_present`.
 */
export class SynapClient {
  readonly #options: Readonly<ResolvedClientOptions>;
  readonly #transport: HttpTransport;
  readonly #sleep: SleepFn;
  readonly #random: () => number;

  /** Throws `SynapAuthError` when no API key is given or found in `SYNAP_API_KEY`. */
  constructor(options: SynapClientOptions = {}, env: Record<string, string | undefined> = process.env) {
    this.#options = resolveClientOptions(options, env);
    this.#transport = new HttpTransport(this.#options);
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
  }

  /** The effective settings, without the API key (safe to log). */
  get settings(): Omit<ResolvedClientOptions, 'apiKey'> {
    const { apiKey: _apiKey, ...rest } = this.#options;
    return rest;
  }

  /** The base URL, with any credentials it carries removed (safe to log). */
  get baseUrl(): string {
    const url = new URL(this.#options.baseUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  }

  /** Submits up to 100 documents in one call. Per-document failures come back as failed items, not errors. */
  async batchCreate(documents: readonly CreateMemoryRequest[], options: BatchCreateOptions = {}): Promise<BatchCreateResult> {
    if (documents.length === 0 || documents.length > MAX_BATCH_DOCUMENTS) {
      throw new SynapRequestError(`a batch holds 1 to ${MAX_BATCH_DOCUMENTS} documents, got ${documents.length}`, undefined, {
        hint: `split the documents into batches of at most ${MAX_BATCH_DOCUMENTS}`,
      });
    }
    const outcome = await this.#call({
      method: 'POST',
      path: this.#options.pathPrefix + API_PATHS.batch,
      body: { documents, fail_fast: options.failFast ?? false },
      schema: batchCreateResponseSchema,
      signal: options.signal,
    });
    if (outcome.kind === 'conflict') {
      throw new SynapRequestError(`batch create returned 409: ${this.#describe(outcome.detail)}`, outcome.detail, { status: 409 });
    }
    return { response: outcome.value, attempts: outcome.attempts };
  }

  /** Submits one document. A duplicate document_id (409) is reported as `already_present`, not thrown. */
  async create(document: CreateMemoryRequest, options: { signal?: AbortSignal } = {}): Promise<CreateResult> {
    const outcome = await this.#call({
      method: 'POST',
      path: this.#options.pathPrefix + API_PATHS.create,
      body: document,
      schema: createMemoryResponseSchema,
      signal: options.signal,
    });
    if (outcome.kind === 'conflict') {
      return { status: 'already_present', detail: this.#describe(outcome.detail), attempts: outcome.attempts };
    }
    return { status: 'delivered', response: outcome.value, attempts: outcome.attempts };
  }

  async status(ingestionId: string, options: { signal?: AbortSignal } = {}): Promise<MemoryStatusResponse> {
    const outcome = await this.#call({
      method: 'GET',
      path: this.#options.pathPrefix + API_PATHS.status(ingestionId),
      schema: memoryStatusResponseSchema,
      signal: options.signal,
    });
    if (outcome.kind === 'conflict') {
      throw new SynapRequestError(`status returned 409: ${this.#describe(outcome.detail)}`, outcome.detail, { status: 409 });
    }
    return outcome.value;
  }

  /** One probe of `/health` (which needs no auth), without retries. Throws only when the host is unreachable. */
  async health(options: { signal?: AbortSignal } = {}): Promise<HealthResult> {
    try {
      const response = await this.#transport.send('GET', API_PATHS.health, undefined, options.signal);
      return { ok: response.status >= 200 && response.status < 300, status: response.status };
    } catch (error) {
      if (error instanceof TransientFailure) {
        throw new SynapUnavailableError(`GET ${API_PATHS.health} failed: ${this.#scrub(error.message)}`, 1, {
          cause: error,
          correlationIds: [error.correlationId],
        });
      }
      throw error;
    }
  }

  /** Releases the connection pool; waits for requests in flight. Safe to call more than once. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  async #call<T>(spec: CallSpec<T>): Promise<CallOutcome<T>> {
    const { attempts: maxAttempts } = this.#options.retry;
    const operation = `${spec.method} ${spec.path}`;
    const correlationIds: string[] = [];
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let lastReason = 'no attempt made';
    let lastStatus: number | undefined;
    let lastCause: unknown;

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let waitMs: number;
      try {
        const response = await this.#transport.send(spec.method, spec.path, body, spec.signal);
        correlationIds.push(response.correlationId);
        const verdict = judgeResponse(response, { operation, apiKey: this.#options.apiKey, correlationIds: [...correlationIds] });
        if (verdict.kind === 'fail') throw verdict.error;
        if (verdict.kind === 'conflict') return { kind: 'conflict', detail: verdict.detail, attempts: attempt };
        if (verdict.kind === 'success') {
          const parsed = spec.schema.safeParse(response.body);
          if (parsed.success) return { kind: 'success', value: parsed.data, attempts: attempt };
          // A 2xx we cannot read (a proxy page, a truncated body) may still have been accepted: retrying
          // is safe because stable document_ids turn a resubmission into duplicates.
          lastReason = `${operation} returned ${response.status} with an unexpected body`;
          lastCause = parsed.error;
          waitMs = backoffDelayMs(attempt, this.#options.retry, this.#random);
        } else {
          lastReason = verdict.reason;
          lastCause = undefined;
          waitMs = verdict.rateLimited
            ? rateLimitDelayMs(verdict.retryAfterMs, attempt, this.#options.retry, this.#random)
            : backoffDelayMs(attempt, this.#options.retry, this.#random);
        }
        lastStatus = response.status;
      } catch (error) {
        if (!(error instanceof TransientFailure)) throw error;
        correlationIds.push(error.correlationId);
        lastReason = `${operation} ${error.message}`;
        lastStatus = undefined;
        lastCause = error;
        waitMs = backoffDelayMs(attempt, this.#options.retry, this.#random);
      }
      if (attempt < maxAttempts) await this.#wait(waitMs, spec.signal, correlationIds);
    }
    throw new SynapUnavailableError(`${this.#scrub(lastReason)}; gave up after ${maxAttempts} attempts`, maxAttempts, {
      correlationIds,
      ...(lastStatus === undefined ? {} : { status: lastStatus }),
      ...(lastCause === undefined ? {} : { cause: lastCause }),
    });
  }

  async #wait(ms: number, signal: AbortSignal | undefined, correlationIds: readonly string[]): Promise<void> {
    if (signal?.aborted) throw new SynapAbortedError('aborted while waiting to retry a Synap request', { correlationIds });
    try {
      await this.#sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) {
        throw new SynapAbortedError('aborted while waiting to retry a Synap request', { cause: error, correlationIds });
      }
      throw error;
    }
    if (signal?.aborted) throw new SynapAbortedError('aborted while waiting to retry a Synap request', { correlationIds });
  }

  #describe(detail: unknown): string {
    return describeDetail(detail, this.#options.apiKey);
  }

  #scrub(text: string): string {
    return scrubSecret(text, this.#options.apiKey);
  }
}
