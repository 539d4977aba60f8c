import { closeSync, ftruncateSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { EmulatorStorageError } from './errors.js';

export interface JournalEntry {
  /** Epoch milliseconds when the document was accepted. */
  queuedAt: number;
  document: CreateMemoryRequest;
}

/** Where an entry's line sits in the file, to read the full document back without keeping it in memory. */
export interface JournalLocation {
  offset: number;
  length: number;
}

const FORMAT_VERSION = 1;
const CHUNK_BYTES = 1 << 20;

/**
 * An append-only JSONL file of accepted documents: a header line, then one line per document in
 * acceptance order (the line number is the document's index). Writes are synchronous so a document is
 * on disk before the response that reports it is sent. A line torn by a crash is cut off at load.
 */
export class Journal {
  readonly idPrefix: string;
  readonly #fd: number;
  #size: number;

  private constructor(fd: number, size: number, idPrefix: string) {
    this.#fd = fd;
    this.#size = size;
    this.idPrefix = idPrefix;
  }

  /** Opens or creates the journal, replaying every stored entry through `onEntry` in order. */
  static open(path: string, newIdPrefix: () => string, onEntry: (entry: JournalEntry, location: JournalLocation) => void): Journal {
    let fd: number;
    try {
      fd = openSync(path, 'a+');
    } catch (error) {
      throw new EmulatorStorageError(`cannot open the emulator journal ${path}`, { cause: error });
    }
    try {
      const { idPrefix, end } = replay(fd, path, onEntry);
      if (end < fstatSync(fd).size) ftruncateSync(fd, end);
      if (idPrefix !== undefined) return new Journal(fd, end, idPrefix);
      // A new file, or one whose header was torn before any document was written.
      const journal = new Journal(fd, 0, newIdPrefix());
      journal.#write(`${JSON.stringify({ synap_emulator_journal: FORMAT_VERSION, id_prefix: journal.idPrefix })}\n`);
      return journal;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  append(entries: readonly JournalEntry[]): JournalLocation[] {
    const locations: JournalLocation[] = [];
    const lines: string[] = [];
    let offset = this.#size;
    for (const entry of entries) {
      const line = `${JSON.stringify({ t: entry.queuedAt, doc: entry.document })}\n`;
      const length = Buffer.byteLength(line);
      locations.push({ offset, length });
      lines.push(line);
      offset += length;
    }
    if (lines.length > 0) this.#write(lines.join(''));
    return locations;
  }

  read(location: JournalLocation): JournalEntry {
    const buffer = Buffer.alloc(location.length);
    readSync(this.#fd, buffer, 0, location.length, location.offset);
    return parseEntry(buffer.toString('utf8'));
  }

  close(): void {
    closeSync(this.#fd);
  }

  #write(text: string): void {
    const buffer = Buffer.from(text);
    let written = 0;
    while (written < buffer.length) written += writeSync(this.#fd, buffer, written);
    this.#size += buffer.length;
  }
}

function replay(
  fd: number,
  path: string,
  onEntry: (entry: JournalEntry, location: JournalLocation) => void,
): { idPrefix: string | undefined; end: number } {
  let idPrefix: string | undefined;
  let pending = Buffer.alloc(0);
  let pendingOffset = 0;
  let position = 0;
  let lineNumber = 0;
  const chunk = Buffer.alloc(CHUNK_BYTES);
  for (;;) {
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, position);
    if (read === 0) break;
    position += read;
    const data = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, read)]) : chunk.subarray(0, read);
    let start = 0;
    for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
      const text = data.toString('utf8', start, newline);
      const location = { offset: pendingOffset + start, length: newline - start + 1 };
      lineNumber++;
      try {
        if (idPrefix === undefined) idPrefix = parseHeader(text);
        else onEntry(parseEntry(text), location);
      } catch (error) {
        throw new EmulatorStorageError(`the emulator journal ${path} is corrupt at line ${lineNumber}`, { cause: error });
      }
      start = newline + 1;
    }
    // Copy the unfinished tail: `chunk` is reused by the next read.
    pending = Buffer.from(data.subarray(start));
    pendingOffset += start;
  }
  // `pending` is a line torn by a crash mid-write: its document was never acknowledged, so it is dropped.
  return { idPrefix, end: pendingOffset };
}

function parseHeader(text: string): string {
  const header = JSON.parse(text) as { synap_emulator_journal?: unknown; id_prefix?: unknown };
  if (header.synap_emulator_journal !== FORMAT_VERSION || typeof header.id_prefix !== 'string') {
    throw new Error('not a synap emulator journal header');
  }
  return header.id_prefix;
}

function parseEntry(text: string): JournalEntry {
  const raw = JSON.parse(text) as { t?: unknown; doc?: unknown };
  if (typeof raw.t !== 'number' || typeof raw.doc !== 'object' || raw.doc === null) throw new Error('malformed journal entry');
  return { queuedAt: raw.t, document: raw.doc as CreateMemoryRequest };
}
