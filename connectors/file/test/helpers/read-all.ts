import { collect } from '@synap-etl/connector-kit';
import type { CollectOptions } from '@synap-etl/connector-kit';
import type { Source, SourceItem } from '@synap-etl/core';

/** Opens, reads everything (or `options.limit` items), closes. */
export async function readAll(source: Source, options: CollectOptions = {}): Promise<SourceItem[]> {
  await source.open();
  try {
    return await collect(source, options);
  } finally {
    await source.close();
  }
}

export function dataOf(items: readonly SourceItem[]): Array<Record<string, unknown>> {
  return items.map((item) => {
    if ('invalid' in item) throw new Error(`unexpected invalid record ${item.key}: ${item.invalid.message}`);
    return item.data;
  });
}

export function invalidOf(items: readonly SourceItem[]): Array<{ key: string; message: string }> {
  return items.flatMap((item) => ('invalid' in item ? [{ key: item.key, message: item.invalid.message }] : []));
}
