import { silentLogger } from '@synap-etl/core';
import type { Source } from '@synap-etl/core';
import { httpJsonSource } from '../src/index.js';

/** A fresh, un-opened source with options validated by the plugin's own schema, as the loader does it. */
export function createSource(options: Record<string, unknown>): Source {
  return httpJsonSource.create(httpJsonSource.parseConfig(options), { baseDir: process.cwd(), logger: silentLogger });
}

/** Opens, reads everything (or until `limit` items) and closes. */
export async function readAll(source: Source, options: { after?: unknown; limit?: number } = {}): Promise<Array<{ key: string; position: unknown; invalid?: unknown }>> {
  const items = [];
  await source.open();
  try {
    for await (const item of source.read(options.after === undefined ? {} : { after: options.after as never })) {
      items.push(item);
      if (options.limit !== undefined && items.length >= options.limit) break;
    }
  } finally {
    await source.close();
  }
  return items;
}
