import { open } from 'node:fs/promises';

export type ByteOrderMark = 'utf8' | 'utf16le';

export interface FileHead {
  gzipMagic: boolean;
  bom: ByteOrderMark | undefined;
}

/** Reads the first bytes of a file: gzip magic number (1f 8b) and a UTF-8 or UTF-16LE byte-order mark. */
export async function sniffFile(absolutePath: string): Promise<FileHead> {
  const handle = await open(absolutePath, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    const bytes = head.subarray(0, bytesRead);
    return { gzipMagic: bytes[0] === 0x1f && bytes[1] === 0x8b, bom: byteOrderMark(bytes) };
  } finally {
    await handle.close();
  }
}

export function byteOrderMark(bytes: Uint8Array): ByteOrderMark | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  return undefined;
}
