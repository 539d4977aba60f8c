import { MAX_BATCH_DOCUMENTS } from '@synap-etl/synap-client';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';

export interface BatchLimits {
  /** Documents per batch call, 1 to 100 (the API's limit). */
  size: number;
  /** Upper bound of a batch's JSON body in bytes; a single larger document still goes alone. */
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { size: 50, maxBytes: 4 * 1024 * 1024 };

/** Bytes a document adds to a batch body (its JSON plus a separator). */
export function documentBytes(document: CreateMemoryRequest): number {
  return Buffer.byteLength(JSON.stringify(document)) + 1;
}

/**
 * Collects entries into batches bounded by count and bytes. Push entries; a full batch is returned by `push`
 * and the remainder by `flush`. Holding at most one batch keeps memory bounded.
 */
export class Batcher<T extends { request: CreateMemoryRequest }> {
  readonly #limits: BatchLimits;
  #entries: T[] = [];
  #bytes = 0;

  constructor(limits: BatchLimits) {
    if (!Number.isInteger(limits.size) || limits.size < 1 || limits.size > MAX_BATCH_DOCUMENTS) {
      throw new RangeError(`batch size must be an integer from 1 to ${MAX_BATCH_DOCUMENTS}, got ${limits.size}`);
    }
    if (!(limits.maxBytes > 0)) throw new RangeError(`batch max bytes must be positive, got ${limits.maxBytes}`);
    this.#limits = limits;
  }

  /** Adds an entry; returns a batch that is ready to send, if any. */
  push(entry: T): T[] | undefined {
    const bytes = documentBytes(entry.request);
    let ready: T[] | undefined;
    if (this.#entries.length > 0 && this.#bytes + bytes > this.#limits.maxBytes) ready = this.#take();
    this.#entries.push(entry);
    this.#bytes += bytes;
    if (this.#entries.length >= this.#limits.size) {
      // Only one batch can be ready at a time unless the byte bound already split; keep the order.
      if (ready) throw new Error('internal: two batches ready at once');
      ready = this.#take();
    }
    return ready;
  }

  flush(): T[] | undefined {
    return this.#entries.length > 0 ? this.#take() : undefined;
  }

  get pending(): number {
    return this.#entries.length;
  }

  #take(): T[] {
    const out = this.#entries;
    this.#entries = [];
    this.#bytes = 0;
    return out;
  }
}
