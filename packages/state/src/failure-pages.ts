import type { LedgerEntry } from '@synap-etl/core';
import { fromLedgerRow } from './ledger-rows.js';

/** Reads one page of failure rows in key order: the first page when `after` is undefined, else the keys past it. */
export type FailurePageReader = (after: string | undefined, pageSize: number) => Promise<Array<Record<string, unknown>>>;

/**
 * Failures in key order, one bounded page at a time. Pages start after the last key seen, not at an offset,
 * so a failure settled while paging does not shift the pages after it. A short page is the last.
 */
export async function* failurePages(readPage: FailurePageReader, pageSize: number): AsyncIterable<LedgerEntry> {
  let after: string | undefined;
  for (;;) {
    const page = (await readPage(after, pageSize)).map(fromLedgerRow);
    yield* page;
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return;
    after = last.key;
  }
}
