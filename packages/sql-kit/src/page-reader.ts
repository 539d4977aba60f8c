import { SourceReadError } from '@synap-etl/core';
import type { Position, SourceItem } from '@synap-etl/core';
import type { CursorValues } from './cursor-position.js';
import type { QueryResult } from './sql-dialect.js';
import type { ColumnInfo, RowDecoder } from './row-decoder.js';

export interface PageReaderOptions {
  pageSize: number;
  /** Resume point: values to continue strictly after, and the position they came from. */
  after?: { values: CursorValues; position: Position };
  signal?: AbortSignal;
  fetchPage(after: CursorValues | undefined): Promise<QueryResult>;
  decoderFor(columns: readonly ColumnInfo[]): RowDecoder;
  /** Builds the error that ends the read; `lastPosition` is the last position yielded (or the resume point). */
  failure(error: unknown, lastPosition: Position | undefined): SourceReadError;
  /** Called once, when the read ends, with the fetch still running if any; resources are freed after it settles. */
  onEnd(inFlight: Promise<unknown> | undefined): void;
}

const ABORTED = Symbol('aborted');

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Keeps a prefetch's rejection from being reported as unhandled while rows of the current page are yielded. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * Yields rows page by page in cursor order. While the consumer works through one page the next one is
 * being fetched, so at most two pages are in memory and the database is never more than a page ahead.
 */
export async function* readPages(options: PageReaderOptions): AsyncGenerator<SourceItem> {
  const { pageSize, signal } = options;
  if (signal?.aborted) return;
  let lastPosition = options.after?.position;
  let pending: Promise<QueryResult> | undefined = quiet(options.fetchPage(options.after?.values));
  try {
    while (pending) {
      let page: QueryResult | typeof ABORTED;
      try {
        page = await untilAborted(pending, signal);
      } catch (error) {
        pending = undefined;
        throw options.failure(error, lastPosition);
      }
      if (page === ABORTED) return;
      pending = undefined;
      const decoder = options.decoderFor(page.columns);
      // Pages are fetched with one row more than they yield: that row, the first of the next page, shows a
      // duplicate of the page's last cursor value, which the next page (strictly after it) would skip.
      const full = page.rows.length > pageSize;
      const rows = page.rows.slice(0, pageSize);
      const lookahead = full ? page.rows[pageSize] : undefined;
      const last = rows.at(-1);
      if (last && full) pending = quiet(options.fetchPage(decoder.cursorValues(last)));
      let previousKey: string | undefined;
      for (const row of lookahead === undefined ? rows : [...rows, lookahead]) {
        if (signal?.aborted) return;
        const item = decoder.decode(row);
        if (item.key === previousKey) {
          throw new SourceReadError(`the cursor is not unique: two rows have ${item.key}`, lastPosition, {
            hint: 'add a unique column to the end of `cursor`, e.g. [created_at, id]; rows sharing a cursor value could be skipped on resume',
          });
        }
        previousKey = item.key;
        if (row === lookahead) break;
        lastPosition = item.position;
        yield item;
      }
    }
  } finally {
    options.onEnd(pending);
  }
}
