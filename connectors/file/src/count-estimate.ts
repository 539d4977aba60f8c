import { open } from 'node:fs/promises';
import type { RecordCount } from '@synap-etl/core';
import type { FileCursor } from './file-position.js';
import { comparePaths } from './file-position.js';
import type { ResolvedFile } from './resolve-files.js';

const SAMPLE_BYTES = 64 * 1024;

/**
 * An estimate, never exact: the bytes left to read divided by the average line length of the first file's
 * first 64 KiB. Undefined for compressed files (their size says little) and for a position without offset.
 */
export async function estimateCount(files: readonly ResolvedFile[], after: FileCursor | undefined): Promise<RecordCount | undefined> {
  if (files.length === 0) return { value: 0, exact: true };
  if (files.some((file) => file.gzip)) return undefined;
  let bytes = 0;
  let remaining: ResolvedFile[] = [];
  for (const file of files) {
    const order = after === undefined ? 1 : comparePaths(file.relative, after.file);
    if (order > 0) {
      bytes += file.size;
      remaining.push(file);
    } else if (order === 0) {
      if (after?.offset === undefined) return undefined;
      bytes += Math.max(0, file.size - after.offset);
      remaining.push(file);
    }
  }
  remaining = remaining.filter((file) => file.size > 0);
  const sample = remaining[0];
  if (sample === undefined || bytes === 0) return { value: 0, exact: false };
  const lineBytes = await averageLineBytes(sample);
  return { value: Math.max(0, Math.round(bytes / lineBytes)), exact: false };
}

async function averageLineBytes(file: ResolvedFile): Promise<number> {
  const handle = await open(file.absolute, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, file.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let lines = 0;
    for (let index = buffer.indexOf(0x0a); index >= 0 && index < bytesRead; index = buffer.indexOf(0x0a, index + 1)) lines++;
    return lines === 0 ? Math.max(bytesRead, 1) : bytesRead / lines;
  } finally {
    await handle.close();
  }
}
