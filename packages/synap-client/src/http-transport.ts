import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import { SynapAbortedError, SynapUnavailableError } from './errors.js';

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  instanceId: string;
  clientId: string;
  timeoutMs: number;
  connections: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON (a proxy's HTML error page). */
  body: unknown;
  correlationId: string;
}

/** One attempt failed in a way a retry may cure: a timeout, a reset or closed connection, a refused connect. */
export class TransientFailure extends Error {
  readonly correlationId: string;
  constructor(message: string, correlationId: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransientFailure';
    this.correlationId = correlationId;
  }
}

/** undici codes meaning the request can never succeed through this client (bad arguments, closed pool). */
const PERMANENT_UNDICI_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_ERR_NOT_SUPPORTED']);

const TIMED_OUT = Symbol('synap-timeout');

/**
 * Sends single HTTP attempts over a keep-alive undici pool. Knows headers, timeouts and network errors;
 * knows nothing of retries or of what statuses mean.
 *
 * Each attempt gets its own `X-Correlation-ID` (a fresh UUID), retries included, so every request the
 * server sees is individually traceable; the caller collects them for its error messages.
 */
export class HttpTransport {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #options: TransportOptions;
  #closing: Promise<void> | undefined;

  constructor(options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#options = options;
    this.#pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      // Our own per-attempt timer governs; undici's are a backstop set just behind it.
      headersTimeout: options.timeoutMs + 1000,
      bodyTimeout: options.timeoutMs + 1000,
      connect: { timeout: Math.min(options.timeoutMs, 10_000) },
    });
  }

  /** `path` is relative to the base URL (prefix included by the caller); `body` is serialized JSON. */
  async send(method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal | undefined): Promise<HttpResponse> {
    if (signal?.aborted) throw new SynapAbortedError();
    const correlationId = randomUUID();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), this.#options.timeoutMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.#pool.request({
        method,
        path: this.#basePath + path,
        headers: this.#headers(correlationId),
        body: body ?? null,
        signal: controller.signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body: parseBody(text), correlationId };
    } catch (error) {
      if (signal?.aborted) throw new SynapAbortedError(undefined, { cause: error, correlationIds: [correlationId] });
      if (controller.signal.reason === TIMED_OUT) {
        throw new TransientFailure(`timed out after ${this.#options.timeoutMs} ms`, correlationId, error);
      }
      const code = errorCode(error);
      if (code && PERMANENT_UNDICI_CODES.has(code)) {
        throw new SynapUnavailableError(`the Synap client cannot send requests (${code})`, 1, {
          cause: error,
          correlationIds: [correlationId],
          hint: 'the client was closed or misused; this is a bug in the caller, please report it',
        });
      }
      throw new TransientFailure(`connection failed (${code ?? describe(error)})`, correlationId, error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Idempotent: later calls wait for the same close. */
  close(): Promise<void> {
    this.#closing ??= this.#pool.close();
    return this.#closing;
  }

  /** Exactly the headers of the official SDK (shared/synap-api.md). */
  #headers(correlationId: string): Record<string, string> {
    return {
      authorization: `Bearer ${this.#options.apiKey}`,
      'x-instance-id': this.#options.instanceId,
      'x-client-id': this.#options.clientId,
      'x-correlation-id': correlationId,
      'content-type': 'application/json',
    };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
