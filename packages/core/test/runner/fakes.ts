import type { BatchResult, ItemResult, Mapper, Position, RecordOutcome, Sink, Source, SourceItem } from '@synap-etl/core';
import { SourceReadError } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';

/** An in-memory source over numbered records; `pulled` counts how far the consumer has pulled. */
export function arraySource(items: SourceItem[], options: { failAfter?: number } = {}) {
  const state = { pulled: 0, closed: false };
  const source: Source = {
    async open() {},
    async *read(opts = {}) {
      const start = opts.after === undefined ? 0 : (opts.after as number) + 1;
      let last: unknown = opts.after;
      for (let i = start; i < items.length; i++) {
        if (opts.signal?.aborted) return;
        if (options.failAfter !== undefined && i >= options.failAfter) {
          throw new SourceReadError(`connection lost after ${i}`, last);
        }
        state.pulled = i + 1;
        last = i;
        yield items[i] as SourceItem;
        await Promise.resolve();
      }
    },
    async close() {
      state.closed = true;
    },
  };
  return { source, state };
}

/** A run recorder that keeps every outcome and checkpoint it is handed, in order. */
export function recorder() {
  const outcomes: RecordOutcome[] = [];
  const checkpoints: Position[] = [];
  return {
    outcomes,
    checkpoints,
    record: async (o: RecordOutcome[], checkpoint: Position | undefined) => {
      outcomes.push(...o);
      if (checkpoint !== undefined) checkpoints.push(checkpoint);
    },
  };
}

export function records(count: number, text = (i: number) => `message ${i}`): SourceItem[] {
  return Array.from({ length: count }, (_, i) => ({ position: i, key: `r${i}`, data: { i, text: text(i) } }));
}

export const passThroughMapper: Mapper = {
  map(item) {
    const text = item.data.text;
    if (typeof text !== 'string' || text === '') return { ok: false, field: 'document', message: 'document is empty' };
    return { ok: true, request: { document: text, document_id: `doc:${item.key}` } };
  },
};

/** A sink whose per-document verdicts and delays are scripted; it records every batch it saw. */
export function scriptedSink(options: {
  verdict?: (doc: CreateMemoryRequest) => ItemResult;
  delayMs?: (batchIndex: number) => number;
  failBatch?: (batchIndex: number) => Error | undefined;
}) {
  const batches: CreateMemoryRequest[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sink: Sink = {
    async deliver(documents, signal): Promise<BatchResult> {
      const index = batches.length;
      batches.push(documents);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const delay = options.delayMs?.(index) ?? 0;
        if (delay > 0) {
          await new Promise<void>((resolve, reject) => {
            const onAbort = () => {
              clearTimeout(timer);
              reject(new Error('aborted'));
            };
            const timer = setTimeout(() => {
              signal?.removeEventListener('abort', onAbort);
              resolve();
            }, delay);
            signal?.addEventListener('abort', onAbort, { once: true });
          });
        }
        const failure = options.failBatch?.(index);
        if (failure) throw failure;
        return {
          batchId: `batch-${index}`,
          attempts: 1,
          items: documents.map((d) => options.verdict?.(d) ?? { status: 'delivered', ingestionId: `ing-${d.document_id}` }),
        };
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { sink, batches, maxInFlight: () => maxInFlight };
}
