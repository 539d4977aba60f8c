import { afterAll } from 'vitest';
import { testSource } from '@synap-etl/connector-kit';
import { openFilesUnder } from './helpers/open-files.js';
import { TempDir, gzip } from './helpers/temp-dir.js';
import { toCsv, toJsonl, turns } from './helpers/fixture-text.js';

const dir = new TempDir('conformance');
afterAll(() => dir.remove());
const resourcesInUse = async (): Promise<number> => openFilesUnder(dir.root).length;

// CSV with quoted commas, quotes, embedded LF and CRLF, emoji; one row with a missing field (an invalid record).
const csvRows = toCsv(turns(30)).replace('\n7,assistant,', '\n7,');
dir.write('csv/chats.csv', csvRows);
testSource({ name: 'file csv', create: () => dir.source({ path: 'csv/chats.csv' }), expectedCount: 30, resourcesInUse });

// The same with a UTF-8 BOM and CRLF line ends: offsets must account for both.
dir.write('csv-bom/chats.csv', '\uFEFF' + toCsv(turns(24), { eol: '\r\n' }));
testSource({ name: 'file csv, BOM and CRLF', create: () => dir.source({ path: 'csv-bom/chats.csv' }), expectedCount: 24, resourcesInUse });

// JSON Lines with blank lines, a malformed line and a non-object line (both invalid records).
const jsonlLines = toJsonl(turns(25)).split('\n');
jsonlLines.splice(3, 0, '');
jsonlLines.splice(10, 0, '{"id": 99, "text": oops}');
jsonlLines.splice(15, 0, '[1, 2]');
dir.write('jsonl/chats.jsonl', jsonlLines.join('\n'));
testSource({ name: 'file jsonl', create: () => dir.source({ path: 'jsonl/chats.jsonl' }), expectedCount: 27, resourcesInUse });

dir.write('gz/chats.csv.gz', gzip(toCsv(turns(40))));
testSource({ name: 'file csv.gz', create: () => dir.source({ path: 'gz/chats.csv.gz' }), expectedCount: 40, resourcesInUse });

dir.write('gz/chats.ndjson.gz', gzip(toJsonl(turns(35))));
testSource({ name: 'file ndjson.gz', create: () => dir.source({ path: 'gz/chats.ndjson.gz' }), expectedCount: 35, resourcesInUse });

// Several files from a glob and a list, mixing formats and compression, read in sorted path order.
dir.write('many/2024-03.jsonl', toJsonl(turns(7, 100)));
dir.write('many/2024-01.jsonl.gz', gzip(toJsonl(turns(6, 200))));
dir.write('many/2024-02.jsonl', toJsonl(turns(5, 300)));
dir.write('many/archive/old.csv', toCsv(turns(8, 400)));
dir.write('many/empty.jsonl', '');
testSource({
  name: 'file, several files (glob and list, mixed formats)',
  create: () => dir.source({ path: ['many/*.jsonl*', 'many/archive/old.csv', 'many/empty.jsonl'] }),
  expectedCount: 26,
  resourcesInUse,
});

// A gzip file cut short: the records before the cut are read, then the read fails; the intact copy recovers.
const longJsonl = toJsonl(turns(4000));
const intact = gzip(longJsonl);
dir.write('intact/chats.jsonl.gz', intact);
dir.write('truncated/chats.jsonl.gz', intact.subarray(0, Math.floor(intact.length / 2)));
testSource({
  name: 'file jsonl.gz, truncated mid-way',
  create: () => dir.source({ path: 'chats.jsonl.gz' }, `${dir.root}/intact`),
  expectedCount: 4000,
  resourcesInUse,
  createFailing: async () => ({
    source: dir.source({ path: 'chats.jsonl.gz' }, `${dir.root}/truncated`),
    failsAfter: 2000,
    recovered: () => dir.source({ path: 'chats.jsonl.gz' }, `${dir.root}/intact`),
  }),
});
