import { SourceConnectError, SourceReadError } from '@synap-etl/core';
import type { Position, ReadOptions, Source, SourceItem } from '@synap-etl/core';
import type { HttpJsonConfig } from './config.js';
import { PageClient, PageRequestError, valueAt } from './page-client.js';
import type { Page } from './page-client.js';

/**
 * Where a record sits: the cursor of its page (null for the first page), its index in that page, and its id.
 * Resuming re-fetches that page and continues after the record, found by id (so a changed page size or a record
 * removed before it does not shift the resume point). The API's cursors must be stable: a cursor handed out once
 * must return the same page later, as opaque "next page" tokens over an ordered collection do.
 */
export type HttpPosition = {
  cursor: string | null;
  index: number;
  id: string;
};

export class HttpJsonSource implements Source {
  readonly #config: HttpJsonConfig;
  readonly #closed = new AbortController();
  #client: PageClient | undefined;

  constructor(config: HttpJsonConfig) {
    this.#config = config;
  }

  /** Fetches one record to check the URL, the credentials and the response shape before the run starts. */
  async open(): Promise<void> {
    const client = new PageClient(this.#config);
    this.#client = client;
    try {
      await client.fetchPage(undefined, 1, this.#closed.signal);
    } catch (error) {
      const status = error instanceof PageRequestError ? error.status : undefined;
      throw new SourceConnectError(`http source: ${(error as Error).message}`, {
        cause: error,
        hint:
          status === 401 || status === 403
            ? 'check source.token (or the auth header in source.headers)'
            : 'check source.url, that the API is reachable, and source.records_field',
      });
    }
  }

  async *read(options: ReadOptions = {}): AsyncIterable<SourceItem> {
    const client = this.#client;
    if (client === undefined) throw new SourceReadError('http source: read() before open()', options.after ?? null);
    const signal = options.signal ? AbortSignal.any([options.signal, this.#closed.signal]) : this.#closed.signal;
    const resume = toHttpPosition(options.after);
    let last: Position = options.after ?? null;
    let cursor = resume?.cursor ?? undefined;
    let skipPast = resume;
    while (!signal.aborted) {
      let page: Page;
      try {
        page = await client.fetchPage(cursor, this.#config.page_size, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw new SourceReadError(`http source: ${(error as Error).message}`, last, {
          cause: error,
          hint: 'the run resumes after the last record delivered: run it again once the API answers',
        });
      }
      const start = skipPast === undefined ? 0 : resumeIndex(page, skipPast, this.#config.id_field);
      skipPast = undefined;
      for (let index = start; index < page.records.length; index++) {
        if (signal.aborted) return;
        const item = this.#toItem(page.records[index], cursor ?? null, index);
        yield item;
        last = item.position;
      }
      if (page.next === undefined) return;
      if (page.next === cursor) throw new SourceReadError(`http source: the API returned the cursor of the same page again`, last);
      cursor = page.next;
    }
  }

  async close(): Promise<void> {
    this.#closed.abort();
    this.#client?.close();
  }

  #toItem(record: unknown, cursor: string | null, index: number): SourceItem {
    const id = record !== null && typeof record === 'object' ? valueAt(record, this.#config.id_field) : undefined;
    if (typeof id !== 'string' && typeof id !== 'number') {
      const key = `${cursor ?? 'first'}#${index}`;
      const position: HttpPosition = { cursor, index, id: key };
      const message = typeof record === 'object' && record !== null ? `record has no \`${this.#config.id_field}\`` : 'record is not a JSON object';
      return { position, key, invalid: { message, field: this.#config.id_field } };
    }
    const position: HttpPosition = { cursor, index, id: String(id) };
    return { position, key: String(id), data: record as Record<string, unknown> };
  }
}

/** The index to continue from in the re-fetched page of a resume position. */
function resumeIndex(page: Page, after: HttpPosition, idField: string): number {
  const idAt = (index: number): string | undefined => {
    const record = page.records[index];
    const id = record !== null && typeof record === 'object' ? valueAt(record, idField) : undefined;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : `${after.cursor ?? 'first'}#${index}`;
  };
  if (idAt(after.index) === after.id) return after.index + 1;
  const found = page.records.findIndex((_, index) => idAt(index) === after.id);
  if (found >= 0) return found + 1;
  throw new SourceReadError(
    `http source: cannot resume: record ${after.id} is no longer in the page it was read from`,
    after,
    { hint: "the API's cursors are not stable; start over with --from-scratch (document ids keep re-sent records from doubling)" },
  );
}

function toHttpPosition(position: Position | undefined): HttpPosition | undefined {
  if (position === undefined || position === null) return undefined;
  const { cursor, index, id } = position as Partial<HttpPosition>;
  if ((cursor === null || typeof cursor === 'string') && typeof index === 'number' && typeof id === 'string') return { cursor, index, id };
  throw new SourceReadError(`http source: ${JSON.stringify(position)} is not a position of this source`, null, {
    hint: 'the checkpoint was written by another source; run with --from-scratch',
  });
}
