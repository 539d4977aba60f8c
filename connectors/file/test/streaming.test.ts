import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasProcFs, openFilesUnder, readOffsetOf } from './helpers/open-files.js';
import { TempDir } from './helpers/temp-dir.js';

const MB = 1024 * 1024;
const dir = new TempDir('streaming');
afterAll(() => dir.remove());

/** Writes `bytes` worth of lines produced by `line(i)` without holding the file in memory. */
function writeLines(relative: string, bytes: number, line: (i: number) => string, header = ''): string {
  const absolute = path.join(dir.root, relative);
  dir.write(relative, header);
  const fd = openSync(absolute, 'a');
  try {
    let written = header.length;
    for (let i = 0; written < bytes; ) {
      let block = '';
      for (let n = 0; n < 500; n++, i++) block += line(i);
      writeSync(fd, block);
      written += Buffer.byteLength(block);
    }
  } finally {
    closeSync(fd);
  }
  return absolute;
}

const filler = 'x'.repeat(180);
let jsonlFile = '';
let csvFile = '';
let gzFile = '';

beforeAll(async () => {
  jsonlFile = writeLines('big.jsonl', 40 * MB, (i) => `{"id":${i},"role":"user","text":"${filler}"}\n`);
  csvFile = writeLines('big.csv', 24 * MB, (i) => `${i},user,"${filler} ""q"""\n`, 'id,role,text\n');
  // Random text so the compressed file stays large: a read-ahead would show in its offset.
  const plain = writeLines('random.jsonl', 12 * MB, () => `{"text":"${randomBytes(90).toString('hex')}"}\n`);
  gzFile = `${plain}.gz`;
  await pipeline(createReadStream(plain), createGzip(), createWriteStream(gzFile));
});

describe.skipIf(!hasProcFs)('file source streaming (reads only what the consumer pulls)', () => {
  for (const [name, file, options] of [
    ['jsonl', () => jsonlFile, { path: 'big.jsonl' }],
    ['csv', () => csvFile, { path: 'big.csv' }],
    ['jsonl.gz', () => gzFile, { path: 'random.jsonl.gz' }],
  ] as const) {
    it(`${name}: a slow consumer holding the read after 10 records leaves most of the file unread`, async () => {
      const size = statSync(file()).size;
      expect(size).toBeGreaterThan(4 * MB);
      const source = dir.source(options);
      await source.open();
      try {
        const iterator = source.read()[Symbol.asyncIterator]();
        for (let i = 0; i < 10; i++) expect((await iterator.next()).done).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 100)); // time for any read-ahead to happen
        const offset = readOffsetOf(file());
        expect(offset, 'the file is open while the read is suspended').toBeDefined();
        expect(offset).toBeLessThan(MB);
        await iterator.return?.();
      } finally {
        await source.close();
      }
      expect(openFilesUnder(dir.root)).toEqual([]);
    });
  }
});

/** A full garbage collection, so heap figures show what is retained rather than garbage not yet collected. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

describe('file source streaming (memory)', () => {
  it('reads a 40 MB file retaining far less than its size', async () => {
    const source = dir.source({ path: 'big.jsonl' });
    await source.open();
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    let retained = 0;
    let records = 0;
    try {
      for await (const item of source.read()) {
        if ('invalid' in item) throw new Error(item.invalid.message);
        if (++records % 40_000 === 0) {
          collectGarbage();
          retained = Math.max(retained, process.memoryUsage().heapUsed - base);
        }
      }
    } finally {
      await source.close();
    }
    expect(records).toBeGreaterThan(150_000);
    expect(retained).toBeLessThan(4 * MB);
  });
});
