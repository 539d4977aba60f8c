import { createReadStream } from 'node:fs';

/**
 * Where a record sits: the line it is on and the byte offset just after it. Plain JSON, so a checkpoint store
 * can keep it; it never holds record content. For an API, this is typically `{ cursor, index }` or the last id.
 */
export interface PagePosition {
  line: number;
  offset: number;
}

export type PageEntry =
  | { position: PagePosition; record: Record<string, unknown> }
  | { position: PagePosition; error: string };

/**
 * Fetches up to `limit` records strictly after `after` (from the start when undefined). This is the part to
 * replace with calls to your system: request the page after a cursor, honour `signal` (pass it to fetch), and
 * return each record with the position that resumes right after it.
 */
export async function readPage(file: string, after: PagePosition | undefined, limit: number, signal: AbortSignal): Promise<PageEntry[]> {
  const entries: PageEntry[] = [];
  let { line, offset } = after ?? { line: 0, offset: 0 };
  const stream = createReadStream(file, { start: offset, highWaterMark: 64 * 1024, signal });
  let pending = Buffer.alloc(0);
  const take = (bytes: Buffer, length: number): void => {
    line += 1;
    offset += length;
    const text = bytes.toString('utf8').trim();
    if (text !== '') entries.push(parseLine(text, { line, offset }));
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
        take(buffer.subarray(start, end), end - start + 1);
        start = end + 1;
        if (entries.length >= limit) return entries;
      }
      pending = Buffer.from(buffer.subarray(start));
    }
    if (pending.length > 0) take(pending, pending.length);
    return entries;
  } finally {
    stream.destroy();
  }
}

function parseLine(text: string, position: PagePosition): PageEntry {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { position, record: value as Record<string, unknown> };
    return { position, error: `line ${position.line} is not a JSON object` };
  } catch {
    // The message names the line only: record content may be private.
    return { position, error: `line ${position.line} is not valid JSON` };
  }
}
