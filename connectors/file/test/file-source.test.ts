import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, SourceConnectError, SourceReadError } from '@synap-etl/core';
import type { EtlError, Source } from '@synap-etl/core';
import { collect } from '@synap-etl/connector-kit';
import { toCsv, toJsonl, turns } from './helpers/fixture-text.js';
import { hasProcFs, openFilesUnder } from './helpers/open-files.js';
import { readAll } from './helpers/read-all.js';
import { TempDir, gzip } from './helpers/temp-dir.js';

const dir = new TempDir('source');
afterAll(() => dir.remove());

async function openError(source: Source): Promise<unknown> {
  try {
    await source.open();
  } catch (error) {
    return error;
  } finally {
    await source.close();
  }
  return undefined;
}

describe('file source: opening', () => {
  it('a missing file is a SourceConnectError naming the path and the base dir', async () => {
    const error = await openError(dir.source({ path: 'exports/nope.csv' }));
    expect(error).toBeInstanceOf(SourceConnectError);
    const message = (error as SourceConnectError).message;
    expect(message).toContain('exports/nope.csv');
    expect(message).toContain(path.join(dir.root, 'exports/nope.csv'));
    expect(message).toContain(`base dir ${dir.root}`);
    expect((error as SourceConnectError).hint).toMatch(/relative to the config file/);
  });

  it('a pattern that matches nothing, and a directory given as a file, are SourceConnectErrors', async () => {
    dir.write('folder/a.csv', 'id\n1\n');
    const unmatched = await openError(dir.source({ path: 'folder/*.jsonl' }));
    expect(unmatched).toBeInstanceOf(SourceConnectError);
    expect((unmatched as Error).message).toMatch(/pattern 'folder\/\*\.jsonl' matched no file \(base dir /);
    const directory = await openError(dir.source({ path: 'folder' }));
    expect(directory).toBeInstanceOf(SourceConnectError);
    expect((directory as EtlError).hint).toContain('folder/*.csv');
  });

  it('a name with no known extension and no `format` is a ConfigError; `format` settles it', async () => {
    dir.write('export.txt', '{"id":1}\n');
    const error = await openError(dir.source({ path: 'export.txt' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]?.path).toBe('source.format');
    expect(await readAll(dir.source({ path: 'export.txt', format: 'jsonl' }))).toHaveLength(1);
  });

  it('refuses UTF-16 JSON Lines at open', async () => {
    dir.write('wide.jsonl', Buffer.from('\uFEFF{"id":1}\n', 'utf16le'));
    expect(await openError(dir.source({ path: 'wide.jsonl' }))).toBeInstanceOf(ConfigError);
  });

  it('read() before open() says so', async () => {
    const source = dir.source({ path: 'folder/a.csv' });
    await expect(collect(source)).rejects.toThrow(/before open\(\)/);
  });
});

describe('file source: several files', () => {
  it('reads every match once, in sorted relative-path order, whatever the order of the patterns', async () => {
    dir.write('set/b.jsonl', toJsonl(turns(2, 10)));
    dir.write('set/a.jsonl.gz', gzip(toJsonl(turns(2, 20))));
    dir.write('set/c/d.csv', toCsv(turns(2, 30)));
    const items = await readAll(dir.source({ path: ['set/c/*.csv', 'set/*.jsonl*', 'set/b.jsonl', path.join(dir.root, 'set/a.jsonl.gz')] }));
    expect(items.map((item) => item.key)).toEqual([
      'set/a.jsonl.gz:1', 'set/a.jsonl.gz:2', 'set/b.jsonl:1', 'set/b.jsonl:2', 'set/c/d.csv:1', 'set/c/d.csv:2',
    ]);
  });

  it('expands absolute patterns too', async () => {
    const items = await readAll(dir.source({ path: path.join(dir.root, 'set', '*.jsonl') }));
    expect(items.map((item) => item.key)).toEqual(['set/b.jsonl:1', 'set/b.jsonl:2']);
  });

  it('a position in a file no longer matched resumes at the next file in order', async () => {
    const items = await readAll(dir.source({ path: 'set/*.jsonl*' }), { after: { file: 'set/a.jsonl.gz', line: 1 } });
    expect(items.map((item) => item.key)).toEqual(['set/a.jsonl.gz:2', 'set/b.jsonl:1', 'set/b.jsonl:2']);
    const later = await readAll(dir.source({ path: 'set/b.jsonl' }), { after: { file: 'set/a.jsonl.gz', line: 2 } });
    expect(later.map((item) => item.key)).toEqual(['set/b.jsonl:1', 'set/b.jsonl:2']);
  });

  it('a file that became unreadable after open() fails the read with the last position of the file before it', async () => {
    dir.write('vanishing/1.jsonl', toJsonl(turns(3)));
    dir.write('vanishing/2.jsonl', toJsonl(turns(3, 3)));
    const source = dir.source({ path: 'vanishing/*.jsonl' });
    await source.open();
    rmSync(path.join(dir.root, 'vanishing/2.jsonl'));
    mkdirSync(path.join(dir.root, 'vanishing/2.jsonl'));
    const seen: string[] = [];
    let thrown: unknown;
    try {
      for await (const item of source.read()) seen.push(item.key);
    } catch (error) {
      thrown = error;
    } finally {
      await source.close();
    }
    expect(seen).toEqual(['vanishing/1.jsonl:1', 'vanishing/1.jsonl:2', 'vanishing/1.jsonl:3']);
    expect(thrown).toBeInstanceOf(SourceReadError);
    expect((thrown as SourceReadError).lastPosition).toEqual({ file: 'vanishing/1.jsonl', line: 3, offset: expect.any(Number) });
    expect((thrown as SourceReadError).message).toMatch(/could not read vanishing\/2\.jsonl: EISDIR/);
    expect((thrown as SourceReadError).hint).toMatch(/resumes after the last record/);
    if (hasProcFs) expect(openFilesUnder(path.join(dir.root, 'vanishing'))).toEqual([]);
  });

  it('a position from another kind of source is refused with a hint', async () => {
    const source = dir.source({ path: 'set/b.jsonl' });
    await source.open();
    try {
      const error = await collect(source, { after: { id: 42 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceReadError);
      expect((error as SourceReadError).hint).toMatch(/--from-scratch/);
    } finally {
      await source.close();
    }
  });
});

describe('file source: count()', () => {
  it('estimates plain files from their size, never claiming exactness, and less after a position', async () => {
    const rows = turns(2000);
    dir.write('count/chats.jsonl', toJsonl(rows));
    const source = dir.source({ path: 'count/chats.jsonl' });
    await source.open();
    try {
      const total = await source.count?.();
      expect(total?.exact).toBe(false);
      expect(total?.value).toBeGreaterThan(rows.length * 0.8);
      expect(total?.value).toBeLessThan(rows.length * 1.2);
      const half = (await collect(source, { limit: 1000 })).at(-1)?.position;
      const rest = await source.count?.({ after: half });
      expect(rest?.value).toBeGreaterThan(1000 * 0.8);
      expect(rest?.value).toBeLessThan(1000 * 1.2);
    } finally {
      await source.close();
    }
  });

  it('does not guess for compressed files', async () => {
    dir.write('count/chats.jsonl.gz', gzip(toJsonl(turns(10))));
    const source = dir.source({ path: 'count/chats.jsonl.gz' });
    await source.open();
    try {
      expect(await source.count?.()).toBeUndefined();
    } finally {
      await source.close();
    }
  });
});
