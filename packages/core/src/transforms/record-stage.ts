import type { SettledItem, Stage, StageItem, WorkItem } from '../pipeline-types.js';

/** What a per-record step decides: new data for the record, or why it ends here. */
export type RecordVerdict =
  | { data: Record<string, unknown> }
  | { status: SettledItem['status']; reason: string; field?: string };

/**
 * A stage that looks at one record at a time (defaults, filters, validation, pseudonyms). Settled items pass
 * through untouched; each work item becomes exactly one item, keeping its sources and checkpoint, so the
 * accounting and checkpoint rules of pipeline-types.ts hold trivially. It pulls one item per item it yields.
 */
export function recordStage(decide: (item: WorkItem) => RecordVerdict): Stage {
  return async function* (input: AsyncIterable<StageItem>): AsyncGenerator<StageItem> {
    for await (const item of input) {
      if (item.kind !== 'work') {
        yield item;
        continue;
      }
      const verdict = decide(item);
      yield 'data' in verdict ? { ...item, data: verdict.data } : settle(item, verdict);
    }
  };
}

export function settle(
  item: Pick<WorkItem, 'sources' | 'checkpoint'>,
  verdict: { status: SettledItem['status']; reason: string; field?: string },
  options: { keepCheckpoint?: boolean } = {},
): SettledItem {
  const settled: SettledItem = { kind: 'settled', status: verdict.status, reason: verdict.reason, sources: item.sources };
  if (verdict.field !== undefined) settled.field = verdict.field;
  if ((options.keepCheckpoint ?? true) && item.checkpoint !== undefined) settled.checkpoint = item.checkpoint;
  return settled;
}
