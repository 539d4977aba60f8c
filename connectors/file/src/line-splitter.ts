const NEWLINE = 0x0a;

export interface Line {
  /** The line without its `\n` (a `\r` before it is kept; decoders strip it). */
  bytes: Buffer;
  /** Absolute byte offset just after the line's newline: where the next line starts. */
  end: number;
  /** False for a last line the data ends in without a newline. */
  terminated: boolean;
}

/**
 * Splits a byte stream into lines without decoding it, so offsets stay exact. Holds only the current
 * partial line; a line longer than a chunk is gathered piece by piece and joined once.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, startOffset = 0): AsyncGenerator<Line> {
  let pieces: Buffer[] = [];
  let pending = 0;
  let consumed = startOffset;
  for await (const chunk of chunks) {
    let from = 0;
    for (let index = chunk.indexOf(NEWLINE, from); index >= 0; index = chunk.indexOf(NEWLINE, from)) {
      const tail = chunk.subarray(from, index);
      const bytes = pending === 0 ? tail : Buffer.concat([...pieces, tail], pending + tail.length);
      pieces = [];
      pending = 0;
      yield { bytes, end: consumed + index + 1, terminated: true };
      from = index + 1;
    }
    if (from < chunk.length) {
      pieces.push(chunk.subarray(from));
      pending += chunk.length - from;
    }
    consumed += chunk.length;
  }
  if (pending > 0) yield { bytes: Buffer.concat(pieces, pending), end: consumed, terminated: false };
}
