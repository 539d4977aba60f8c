import { createReadStream } from 'node:fs';
import { addAbortSignal, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ResolvedFile } from './resolve-files.js';

const CHUNK_BYTES = 64 * 1024;

/** A file's bytes, decompressed if need be, with one way to let go of all of it. */
export interface InputChain {
  output: Readable;
  /** Destroys every stream of the chain and resolves once the file descriptor is closed. */
  dispose(): Promise<void>;
}

export interface InputOptions {
  /** Byte offset to start at; only for uncompressed files. */
  start?: number;
  signal?: AbortSignal;
}

/**
 * Opens a file as a pull-based byte stream: 64 KiB reads, gunzip when the file is compressed. Errors anywhere
 * in the chain surface from `output` (its async iterator throws); an aborted signal destroys the chain.
 */
export function openInput(file: ResolvedFile, options: InputOptions = {}): InputChain {
  const start = options.start ?? 0;
  if (start > 0 && file.gzip) throw new Error(`cannot seek in compressed file ${file.relative}`);
  // Without `start`, reads advance the descriptor's own offset, which tools (and tests) can observe.
  const fileStream = createReadStream(file.absolute, { ...(start > 0 ? { start } : {}), highWaterMark: CHUNK_BYTES });
  const gunzip = file.gzip ? createGunzip({ chunkSize: CHUNK_BYTES }) : undefined;
  // pipeline destroys the gunzip stream with the file's error, so it reaches the consumer through `output`.
  if (gunzip) pipeline(fileStream, gunzip, () => undefined);
  const output: Readable = gunzip ?? fileStream;
  if (options.signal) addAbortSignal(options.signal, output);

  const closed = new Promise<void>((resolve) => {
    if (fileStream.closed) resolve();
    else fileStream.once('close', () => resolve());
  });
  return {
    output,
    async dispose() {
      gunzip?.destroy();
      fileStream.destroy();
      await closed;
    },
  };
}
