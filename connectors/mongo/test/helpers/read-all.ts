import type { Position, ReadOptions, Source, SourceItem, SourceRecord } from '@synap-etl/core';
import { isInvalidRecord } from '@synap-etl/core';

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
