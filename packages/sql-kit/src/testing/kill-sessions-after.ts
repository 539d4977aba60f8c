import type { Position, ReadOptions, RecordCount, Source, SourceItem } from '@synap-etl/core';

/**
 * Wraps a real source so that, once `count` items have been pulled, its database sessions are killed from a
 * second connection (`kill`). The wrapped source keeps reading and must notice on its own.
 */
export function killSessionsAfter(source: Source, count: number, kill: () => Promise<unknown>): Source {
  return {
    open: () => source.open(),
    close: () => source.close(),
    count: (options?: { after?: Position }): Promise<RecordCount | undefined> =>
      source.count?.(options) ?? Promise.resolve(undefined),
    async *read(options?: ReadOptions): AsyncIterable<SourceItem> {
      let pulled = 0;
      for await (const item of source.read(options)) {
        yield item;
        pulled += 1;
        if (pulled === count) await kill();
      }
    },
  };
}
