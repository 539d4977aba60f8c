import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { redactUrlCredentials } from '@synap-etl/core';
import type { HttpJsonConfig } from './config.js';

/** One page: its records, and the cursor of the next page (undefined on the last one). */
export interface Page {
  records: unknown[];
  next: string | undefined;
}

/** A request that failed for good. `status` is set when the server answered; `retryable` when retries ran out. */
export class PageRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PageRequestError';
  }
}

/**
 * Fetches pages over its own keep-alive agent, so `close()` releases every socket it opened. Retries 429, 5xx,
 * timeouts and dropped connections with exponential backoff (Retry-After wins); anything else fails at once.
 */
export class PageClient {
  readonly #config: HttpJsonConfig;
  readonly #agent: http.Agent;
  /** The endpoint as messages name it: no credentials, no query string (cursors and filters stay out of logs). */
  readonly endpoint: string;

  constructor(config: HttpJsonConfig) {
    this.#config = config;
    const url = new URL(config.url);
    this.#agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true, maxSockets: 1 }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.endpoint = redactUrlCredentials(`${url.origin}${url.pathname}`);
  }

  async fetchPage(cursor: string | undefined, limit: number, signal: AbortSignal): Promise<Page> {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.#toPage(await this.#get(this.#pageUrl(cursor, limit), signal));
      } catch (error) {
        const failure = error instanceof PageRequestError ? error : new PageRequestError((error as Error).message, undefined, true, { cause: error });
        if (signal.aborted || !failure.retryable || attempt >= this.#config.retries) throw failure;
        const wait = retryAfterMs(failure.cause) ?? this.#config.retry_delay_ms * 2 ** attempt;
        await sleep(wait, undefined, { signal });
      }
    }
  }

  close(): void {
    this.#agent.destroy();
  }

  #pageUrl(cursor: string | undefined, limit: number): URL {
    const url = new URL(this.#config.url);
    for (const [key, value] of Object.entries(this.#config.query ?? {})) url.searchParams.set(key, String(value));
    url.searchParams.set(this.#config.page_size_param, String(limit));
    if (cursor !== undefined) url.searchParams.set(this.#config.cursor_param, cursor);
    return url;
  }

  #get(url: URL, signal: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.#config.timeout_ms);
    const combined = AbortSignal.any([signal, timeout]);
    const headers: Record<string, string> = { accept: 'application/json', ...this.#config.headers };
    if (this.#config.token !== undefined) headers.authorization = `Bearer ${this.#config.token}`;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.get(url, { agent: this.#agent, headers, signal: combined }, (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.#config.max_page_bytes) {
            response.destroy();
            reject(new PageRequestError(`${this.endpoint}: a page is larger than max_page_bytes (${this.#config.max_page_bytes})`, status, false));
          } else chunks.push(chunk);
        });
        response.on('error', (error) => reject(this.#transportError(error, timeout)));
        response.on('end', () => {
          if (status < 200 || status >= 300) {
            const retryable = status === 429 || status >= 500;
            const cause = { retryAfter: response.headers['retry-after'] };
            reject(new PageRequestError(`GET ${this.endpoint} answered ${status} ${response.statusMessage ?? ''}`.trim(), status, retryable, { cause }));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(new PageRequestError(`GET ${this.endpoint}: the response is not JSON`, status, false, { cause: error }));
          }
        });
      });
      request.on('error', (error) => reject(this.#transportError(error, timeout)));
    });
  }

  #transportError(error: Error, timeout: AbortSignal): PageRequestError {
    const what = timeout.aborted ? `timed out after ${this.#config.timeout_ms} ms` : `failed: ${error.message}`;
    return new PageRequestError(`GET ${this.endpoint} ${what}`, undefined, true, { cause: error });
  }

  #toPage(body: unknown): Page {
    const records = valueAt(body, this.#config.records_field);
    if (!Array.isArray(records)) {
      throw new PageRequestError(`GET ${this.endpoint}: no array at \`${this.#config.records_field}\` in the response`, 200, false);
    }
    const next = valueAt(body, this.#config.next_cursor_field);
    if (next !== undefined && next !== null && typeof next !== 'string' && typeof next !== 'number') {
      throw new PageRequestError(`GET ${this.endpoint}: \`${this.#config.next_cursor_field}\` is neither a string nor null`, 200, false);
    }
    return { records, next: next === undefined || next === null || next === '' ? undefined : String(next) };
  }
}

export function valueAt(value: unknown, dottedPath: string): unknown {
  let current = value;
  for (const key of dottedPath.split('.')) {
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

function retryAfterMs(cause: unknown): number | undefined {
  const header = (cause as { retryAfter?: unknown } | undefined)?.retryAfter;
  const seconds = typeof header === 'string' ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : undefined;
}
