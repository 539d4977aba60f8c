import { appendFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '@synap-etl/connector-kit';
import { SourceReadError } from '@synap-etl/core';
import type { JsonValue, SourceItem } from '@synap-etl/core';
import { toJsonl, turns } from './helpers/fixture-text.js';
import { dataOf, invalidOf, readAll } from './helpers/read-all.js';
import { TempDir, gzip } from './helpers/temp-dir.js';

const dir = new TempDir('jsonl');
afterAll(() => dir.remove());

describe('file source, JSON Lines', () => {
  it('a malformed line is an invalid record naming file and line, without quoting the content; the read goes on', async () => {
    const lines = ['{"id":1}', '{"id":2, "secret": "hunter2"', '{"id":3}', 'not json at all', '{"id":4}'];
    dir.write('broken.jsonl', lines.join('\n') + '\n');
    const items = await readAll(dir.source({ path: 'broken.jsonl' }));
    expect(items.map((item) => item.key)).toEqual(lines.map((_, i) => `broken.jsonl:${i + 1}`));
    expect(dataOf([items[0], items[2], items[4]].filter((item) => item !== undefined))).toEqual([{ id: 1 }, { id: 3 }, { id: 4 }]);
    const invalid = invalidOf(items);
    expect(invalid.map((entry) => entry.key)).toEqual(['broken.jsonl:2', 'broken.jsonl:4']);
    expect(invalid[0]?.message).toMatch(/^broken\.jsonl line 2: not valid JSON/);
    expect(invalid[1]?.message).toMatch(/^broken\.jsonl line 4: not valid JSON/);
    for (const entry of invalid) expect(entry.message).not.toMatch(/hunter2|at all/);
  });

  it('a line that is JSON but not an object is an invalid record saying what it got', async () => {
    dir.write('scalars.jsonl', '[1,2]\n42\n"text"\nnull\ntrue\n{"ok":true}\n');
    const items = await readAll(dir.source({ path: 'scalars.jsonl' }));
    expect(invalidOf(items).map((entry) => entry.message)).toEqual([
      'scalars.jsonl line 1: expected a JSON object, got an array',
      'scalars.jsonl line 2: expected a JSON object, got a number',
      'scalars.jsonl line 3: expected a JSON object, got a string',
      'scalars.jsonl line 4: expected a JSON object, got null',
      'scalars.jsonl line 5: expected a JSON object, got a boolean',
    ]);
    expect(dataOf(items.slice(5))).toEqual([{ ok: true }]);
  });

  it('skips blank and whitespace-only lines; keys keep the physical line numbers', async () => {
    dir.write('blank.jsonl', '\n{"id":1}\n   \n\t\n{"id":2}\n\n');
    const items = await readAll(dir.source({ path: 'blank.jsonl' }));
    expect(items.map((item) => item.key)).toEqual(['blank.jsonl:2', 'blank.jsonl:5']);
    expect(dataOf(items)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('reads CRLF lines, a BOM, a last line without newline, 4-byte characters and a 200 KB message', async () => {
    const big = 'line "one"\nline two 🎉 𝄞 '.repeat(8_000).slice(0, 200 * 1024);
    const rows = [...turns(3), { id: 3, role: 'user' as const, text: big }, ...turns(3, 4)];
    dir.write('mixed.jsonl', ('\uFEFF' + toJsonl(rows, '\r\n')).replace(/\r\n$/, ''));
    const items = await readAll(dir.source({ path: 'mixed.jsonl' }));
    expect(dataOf(items)).toEqual(rows);
    expect((dataOf(items)[3]?.text as string).length).toBe(big.length);
  });

  it('decodes latin1', async () => {
    dir.write('latin1.jsonl', Buffer.from('{"text":"crème brûlée"}\n', 'latin1'));
    expect(dataOf(await readAll(dir.source({ path: 'latin1.jsonl', encoding: 'latin1' })))).toEqual([{ text: 'crème brûlée' }]);
  });

  it('recognises gzip by its magic bytes when the name does not say so, and honours gzip: false', async () => {
    const rows = turns(5);
    dir.write('disguised.jsonl', gzip(toJsonl(rows)));
    expect(dataOf(await readAll(dir.source({ path: 'disguised.jsonl' })))).toEqual(rows);
    const raw = await readAll(dir.source({ path: 'disguised.jsonl', gzip: false }));
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((item) => 'invalid' in item)).toBe(true);
  });

  it('positions carry a byte offset for plain files only; both resume exactly', async () => {
    const rows = turns(12);
    dir.write('plain.jsonl', toJsonl(rows));
    dir.write('packed.jsonl.gz', gzip(toJsonl(rows)));
    for (const [file, hasOffset] of [['plain.jsonl', true], ['packed.jsonl.gz', false]] as const) {
      const source = dir.source({ path: file });
      await source.open();
      try {
        const all = await collect(source);
        const position = all[4]?.position as Record<string, JsonValue>;
        expect(position).toEqual({ file, line: 5, ...(hasOffset ? { offset: expect.any(Number) } : {}) });
        expect(dataOf(await collect(source, { after: position }))).toEqual(rows.slice(5));
        const { offset: _offset, ...counted } = position;
        expect(dataOf(await collect(source, { after: counted }))).toEqual(rows.slice(5));
      } finally {
        await source.close();
      }
    }
  });
});

describe('file source, JSON Lines being written', () => {
  it('a last line cut off without a newline stops the read before it, so the completed record is read on resume', async () => {
    const dir = new TempDir('jsonl-torn');
    try {
      const file = dir.write('torn.jsonl', '{"id":1}\n{"id":2}\n{"id":3,"te');
      const source = dir.source({ path: 'torn.jsonl' });
      await source.open();
      const seen: SourceItem[] = [];
      const error = await (async () => {
        for await (const item of source.read()) seen.push(item);
      })().catch((e: unknown) => e);
      await source.close();
      expect(dataOf(seen)).toEqual([{ id: 1 }, { id: 2 }]);
      expect(error).toBeInstanceOf(SourceReadError);
      expect((error as SourceReadError).message).toMatch(/torn\.jsonl line 3 ends the file without a newline and is not valid JSON/);
      expect((error as SourceReadError).message).not.toContain('"te');
      expect((error as SourceReadError).lastPosition).toEqual(seen[1]?.position);

      appendFileSync(file, 'xt":"x"}\n{"id":4}\n');
      const resumed = await readAll(dir.source({ path: 'torn.jsonl' }), { after: seen[1]?.position });
      expect(resumed.map((item) => item.key)).toEqual(['torn.jsonl:3', 'torn.jsonl:4']);
      expect(dataOf(resumed)).toEqual([{ id: 3, text: 'x' }, { id: 4 }]);
    } finally {
      dir.remove();
    }
  });

  it('a complete last line without a newline that is not an object is still rejected on its own', async () => {
    const dir = new TempDir('jsonl-scalar-end');
    try {
      dir.write('end.jsonl', '{"id":1}\n42');
      const items = await readAll(dir.source({ path: 'end.jsonl' }));
      expect(invalidOf(items)).toEqual([{ key: 'end.jsonl:2', message: 'end.jsonl line 2: expected a JSON object, got a number' }]);
    } finally {
      dir.remove();
    }
  });
});
