import { afterAll, describe, expect, it } from 'vitest';
import { SourceReadError } from '@synap-etl/core';
import type { Position } from '@synap-etl/core';
import { collect } from '@synap-etl/connector-kit';
import { csvField, toCsv, turns } from './helpers/fixture-text.js';
import type { Turn } from './helpers/fixture-text.js';
import { dataOf, invalidOf, readAll } from './helpers/read-all.js';
import { TempDir } from './helpers/temp-dir.js';

const dir = new TempDir('csv');
afterAll(() => dir.remove());

const asStrings = (rows: readonly Turn[]): Array<Record<string, string>> =>
  rows.map((row) => ({ id: String(row.id), role: row.role, text: row.text }));

describe('file source, CSV', () => {
  it('keeps embedded newlines, quotes, CRLF and 4-byte UTF-8 characters, under a BOM with CRLF line ends', async () => {
    const rows = turns(16);
    dir.write('bom-crlf.csv', '\uFEFF' + toCsv(rows, { eol: '\r\n' }));
    const items = await readAll(dir.source({ path: 'bom-crlf.csv' }));
    expect(dataOf(items)).toEqual(asStrings(rows));
    expect(Object.keys(dataOf(items)[0] ?? {})).toEqual(['id', 'role', 'text']);
    expect(items.map((item) => item.key)).toEqual(rows.map((_, i) => `bom-crlf.csv:${i + 1}`));
  });

  it('reads a 200 KB field with quotes and newlines whole, and the rows around it', async () => {
    const big = ('lorem "ipsum" 🎉\n'.repeat(12_000) + 'end').slice(0, 200 * 1024);
    const rows: Turn[] = [...turns(2), { id: 2, role: 'user', text: big }, ...turns(2, 3)];
    dir.write('big.csv', toCsv(rows));
    const items = await readAll(dir.source({ path: 'big.csv' }));
    expect(dataOf(items)).toEqual(asStrings(rows));
    expect((dataOf(items)[2]?.text as string).length).toBe(big.length);
  });

  it('reads semicolon-separated files', async () => {
    const rows = turns(9);
    dir.write('semi.csv', toCsv(rows, { delimiter: ';' }));
    const items = await readAll(dir.source({ path: 'semi.csv', csv: { delimiter: ';' } }));
    expect(dataOf(items)).toEqual(asStrings(rows));
  });

  it('a header-only file, and an empty file, yield nothing', async () => {
    dir.write('header-only.csv', 'id,role,text\r\n');
    dir.write('empty.csv', '');
    expect(await readAll(dir.source({ path: 'header-only.csv' }))).toEqual([]);
    expect(await readAll(dir.source({ path: 'empty.csv' }))).toEqual([]);
  });

  it('skips empty lines by default; with skip_empty_lines false an empty line is an invalid record', async () => {
    dir.write('gaps.csv', 'id,text\n1,a\n\n2,b\n\n');
    expect(dataOf(await readAll(dir.source({ path: 'gaps.csv' })))).toEqual([{ id: '1', text: 'a' }, { id: '2', text: 'b' }]);
    const strict = await readAll(dir.source({ path: 'gaps.csv', csv: { skip_empty_lines: false } }));
    expect(invalidOf(strict)).toEqual([
      { key: 'gaps.csv:2', message: 'gaps.csv record 2 (ending on line 3): 1 fields, expected 2' },
      { key: 'gaps.csv:4', message: 'gaps.csv record 4 (ending on line 5): 1 fields, expected 2' },
    ]);
  });

  it('a row with the wrong number of fields is an invalid record naming file, record and line; the read goes on', async () => {
    dir.write('ragged.csv', 'id,role,text\n1,user,hi\n2,assistant\n3,user,"multi\nline",extra\n4,user,bye\n');
    const items = await readAll(dir.source({ path: 'ragged.csv' }));
    expect(items.map((item) => item.key)).toEqual(['ragged.csv:1', 'ragged.csv:2', 'ragged.csv:3', 'ragged.csv:4']);
    expect(invalidOf(items)).toEqual([
      { key: 'ragged.csv:2', message: 'ragged.csv record 2 (ending on line 3): 2 fields, expected 3' },
      { key: 'ragged.csv:3', message: 'ragged.csv record 3 (ending on line 5): 4 fields, expected 3' },
    ]);
    const resumed = await readAll(dir.source({ path: 'ragged.csv' }), { after: items[0]?.position });
    expect(resumed, 'messages after a seek keep the true line numbers').toEqual(items.slice(1));
    const relaxed = dataOf(await readAll(dir.source({ path: 'ragged.csv', csv: { relax_column_count: true } })));
    expect(relaxed[1]).toEqual({ id: '2', role: 'assistant' });
    expect(relaxed[2]).toEqual({ id: '3', role: 'user', text: 'multi\nline' });
  });

  it('a quote left open at the end of the file rejects that last record only', async () => {
    dir.write('open-quote.csv', 'id,text\n1,fine\n2,"never closed\n3,swallowed\n');
    const items = await readAll(dir.source({ path: 'open-quote.csv' }));
    expect(dataOf(items.slice(0, 1))).toEqual([{ id: '1', text: 'fine' }]);
    expect(invalidOf(items)).toEqual([{ key: 'open-quote.csv:2', message: 'open-quote.csv record 2: a quoted field opened after line 2 is never closed' }]);
    const resumed = await readAll(dir.source({ path: 'open-quote.csv' }), { after: items[0]?.position });
    expect(resumed).toEqual(items.slice(1));
    expect(await readAll(dir.source({ path: 'open-quote.csv' }), { after: items[1]?.position })).toEqual([]);
  });

  it('a CSV syntax error stops the read with the true line number, also after a seek', async () => {
    dir.write('bad-quote.csv', 'id,text\n1,"a"\n2,"b"\n3,"c" x\n4,"d"\n');
    const options = { path: 'bad-quote.csv', csv: { trim: true } };
    const seen: unknown[] = [];
    const error = await (async () => {
      const source = dir.source(options);
      await source.open();
      try {
        for await (const item of source.read()) seen.push(item.position);
      } catch (e) {
        return e;
      } finally {
        await source.close();
      }
    })();
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as SourceReadError).message).toMatch(/^file source: bad-quote\.csv line 4: Invalid Closing Quote/);
    expect((error as SourceReadError).lastPosition).toEqual(seen.at(-1));
    expect(seen).toHaveLength(2);
    const again = await readAll(dir.source(options), { after: seen[0] as Position }).catch((e: unknown) => e);
    expect((again as SourceReadError).message).toMatch(/bad-quote\.csv line 4:/);
  });

  it('names the columns with `columns`, with or without a header row', async () => {
    dir.write('no-header.csv', '1,user,hi\n2,assistant,hello\n');
    dir.write('renamed.csv', 'a,b,c\n1,user,hi\n');
    const columns = ['id', 'speaker', 'said'];
    expect(dataOf(await readAll(dir.source({ path: 'no-header.csv', csv: { header: false, columns } })))).toEqual([
      { id: '1', speaker: 'user', said: 'hi' },
      { id: '2', speaker: 'assistant', said: 'hello' },
    ]);
    expect(dataOf(await readAll(dir.source({ path: 'renamed.csv', csv: { columns } })))).toEqual([{ id: '1', speaker: 'user', said: 'hi' }]);
  });

  it('a header with a duplicate or empty name stops the read with a hint to set columns', async () => {
    dir.write('dup.csv', 'id,text,text\n1,a,b\n');
    const error = await readAll(dir.source({ path: 'dup.csv' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as SourceReadError).message).toMatch(/dup\.csv: header row: column name 'text' appears twice/);
    expect((error as SourceReadError).hint).toMatch(/csv\.columns/);
    expect(dataOf(await readAll(dir.source({ path: 'dup.csv', csv: { columns: ['id', 'a', 'b'] } })))).toEqual([{ id: '1', a: 'a', b: 'b' }]);
  });

  it('honours escape, quote and trim', async () => {
    dir.write('escaped.csv', "id,text\n1, 'say \\'hi\\'' \n2,  padded  \n");
    const items = await readAll(dir.source({ path: 'escaped.csv', csv: { quote: "'", escape: '\\', trim: true } }));
    expect(dataOf(items)).toEqual([{ id: '1', text: "say 'hi'" }, { id: '2', text: 'padded' }]);
  });

  it('decodes latin1, and UTF-16LE announced by its BOM (also when resuming mid-file)', async () => {
    dir.write('latin1.csv', Buffer.from('id,text\n1,café crème\n', 'latin1'));
    expect(dataOf(await readAll(dir.source({ path: 'latin1.csv', encoding: 'latin1' })))).toEqual([{ id: '1', text: 'café crème' }]);

    const rows = turns(6);
    dir.write('utf16.csv', Buffer.from('\uFEFF' + toCsv(rows), 'utf16le'));
    const source = dir.source({ path: 'utf16.csv' });
    await source.open();
    try {
      const all = await collect(source);
      expect(dataOf(all)).toEqual(asStrings(rows));
      expect(dataOf(await collect(source, { after: all[2]?.position }))).toEqual(asStrings(rows.slice(3)));
    } finally {
      await source.close();
    }
  });

  it('resumes the same way with and without byte offsets in the position', async () => {
    const rows = turns(20);
    dir.write('resume.csv', '\uFEFF' + toCsv(rows, { eol: '\r\n' }));
    const source = dir.source({ path: 'resume.csv' });
    await source.open();
    try {
      const all = await collect(source);
      for (const index of [0, 7, 18]) {
        const position = all[index]?.position as Record<string, number | string>;
        expect(position.offset, 'uncompressed files record offsets').toEqual(expect.any(Number));
        const { offset: _offset, ...withoutOffset } = position;
        const seeked = await collect(source, { after: position });
        const counted = await collect(source, { after: withoutOffset });
        expect(seeked).toEqual(all.slice(index + 1));
        expect(counted).toEqual(all.slice(index + 1));
      }
    } finally {
      await source.close();
    }
  });

  it('csvField helper quotes what needs quoting (fixture sanity)', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
  });
});
