import { AbortError } from '../errors.js';
import { isInvalidRecord } from '../source.js';
import type { Position, ReadOptions, Source } from '../source.js';
import type { StageItem } from '../pipeline-types.js';

/**
 * Turns a source read into stage items: decodable records become work, undecodable ones are rejected at once.
 * Ends with an `AbortError` when the read was stopped by `options.signal`.
 */
export async function* sourceItems(
  source: Source,
  options: ReadOptions,
  onRead: (position: Position) => void,
): AsyncGenerator<StageItem> {
  for await (const item of source.read(options)) {
    onRead(item.position);
    const ref = { position: item.position, key: item.key };
    if (isInvalidRecord(item)) {
      yield {
        kind: 'settled',
        status: 'rejected',
        reason: item.invalid.message,
        ...(item.invalid.field === undefined ? {} : { field: item.invalid.field }),
        sources: [ref],
        checkpoint: item.position,
      };
    } else {
      yield { kind: 'work', key: item.key, data: item.data, sources: [ref], checkpoint: item.position };
    }
  }
  // A read stopped by the signal is not the end of the data: ending normally here would let a grouping stage
  // flush a half-read conversation as if it were complete, and move the checkpoint past it.
  if (options.signal?.aborted) throw new AbortError('reading was stopped');
}

export function applyStages(input: AsyncIterable<StageItem>, stages: readonly ((i: AsyncIterable<StageItem>) => AsyncIterable<StageItem>)[]): AsyncIterable<StageItem> {
  return stages.reduce((stream, stage) => stage(stream), input);
}
