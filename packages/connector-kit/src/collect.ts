import type { Position, ReadOptions, Source, SourceItem } from '@synap-etl/core';

export interface CollectOptions extends ReadOptions {
  /** Stop after this many items (the read is left early, as a consumer breaking out would). */
  limit?: number;
}

/** Reads items from an opened source into an array. For test fixtures only: it holds every item. */
export async function collect(source: Source, options: CollectOptions = {}): Promise<SourceItem[]> {
  const { limit, ...readOptions } = options;
  const items: SourceItem[] = [];
  if (limit !== undefined && limit <= 0) return items;
  for await (const item of source.read(readOptions)) {
    items.push(item);
    if (limit !== undefined && items.length >= limit) break;
  }
  return items;
}

/** Keys and positions only: what the ordering and resume checks compare. */
export interface ItemIdentity {
  key: string;
  position: Position;
}

export function identities(items: readonly SourceItem[]): ItemIdentity[] {
  return items.map((item) => ({ key: item.key, position: item.position }));
}

/** What a checkpoint store does to a position: serialise it and parse it back. */
export function jsonRoundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Opens a source from a factory, runs `body`, and closes the source whatever happens. */
export async function withOpenSource<T>(
  create: () => Promise<Source> | Source,
  body: (source: Source) => Promise<T>,
): Promise<T> {
  const source = await create();
  await source.open();
  try {
    return await body(source);
  } finally {
    await source.close();
  }
}

/** Polls `probe` until `accept` holds or `timeoutMs` passes; returns the last value seen. */
export async function settle<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await probe();
  }
  return value;
}

/** Resolves as `promise` does, or rejects with a clear message when it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
