import type { Position, ReadOptions, Source, SourceItem, SourceRecord, Stage, StageItem, WorkItem } from '@synap-etl/core';
import { applyStages, isInvalidRecord, sourceItems } from '@synap-etl/core';

export async function readAll(source: Source, options: ReadOptions = {}): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(options)) items.push(item);
  return items;
}

export function records(items: SourceItem[]): SourceRecord[] {
  return items.filter((item): item is SourceRecord => !isInvalidRecord(item));
}

/** Reads from `after` and returns the records' keys. */
export async function keysAfter(source: Source, after?: Position): Promise<string[]> {
  const items = await readAll(source, after === undefined ? {} : { after });
  return items.map((item) => item.key);
}

/** Reads `source` (from `after`) through `stages` and returns the work items: what the mapper would see. */
export async function workItems(source: Source, stages: Stage[], after?: Position): Promise<WorkItem[]> {
  const items = applyStages(sourceItems(source, after === undefined ? {} : { after }, () => undefined), stages);
  const out: WorkItem[] = [];
  for await (const item of items as AsyncIterable<StageItem>) if (item.kind === 'work') out.push(item);
  return out;
}
