import type { SourceItem } from '@synap-etl/core';
import type { CsvOptions, FileSourceConfig } from './config.js';
import { csvRows } from './csv-parser.js';
import { FileDataError } from './file-data-error.js';
import type { FileCursor } from './file-position.js';
import { recordKey, toPosition } from './file-position.js';
import type { InputChain, InputOptions } from './open-input.js';
import type { ResolvedFile } from './resolve-files.js';

export interface CsvReadOptions {
  file: ResolvedFile;
  csv: CsvOptions;
  encoding: FileSourceConfig['encoding'];
  after: FileCursor | undefined;
  open(options: InputOptions): InputChain;
}

/**
 * One record per CSV row (header excluded), numbered from 1. With an offset in `after`, the read seeks past
 * the prefix (reading only the header row first); otherwise it parses and drops the rows up to `after`.
 */
export async function* readCsv(options: CsvReadOptions): AsyncGenerator<SourceItem> {
  const { file, csv, after } = options;
  const encoding = file.bom ?? options.encoding;
  const seek = after?.offset !== undefined && !file.gzip;
  const startOffset = seek ? (after?.offset ?? 0) : 0;
  const skipThrough = seek ? 0 : (after?.ordinal ?? 0);
  // csv-parse counts lines from where it starts; after a seek, add the line the resume position ends on.
  const lineBase = seek ? (after?.line ?? 0) : 0;
  let record = seek ? (after?.ordinal ?? 0) : 0;
  let lastLine = lineBase;
  let columns = csv.header && seek && csv.columns === undefined ? await readHeader(options, encoding) : csv.columns;
  let headerPending = csv.header && !seek;

  const input = options.open({ start: startOffset });
  try {
    for await (const row of csvRows(input.output, csv, encoding)) {
      lastLine = lineBase + row.lines;
      if (headerPending) {
        headerPending = false;
        columns ??= checkHeader(row.record, file);
        continue;
      }
      record++;
      if (record <= skipThrough) continue;
      const cursor: FileCursor = { file: file.relative, ordinal: record };
      if (!file.gzip) Object.assign(cursor, { offset: startOffset + row.bytes, line: lastLine });
      yield toItem(row.record, columns ?? [], cursor, lastLine, csv.relax_column_count);
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    if (error.code !== 'CSV_QUOTE_NOT_CLOSED') {
      const line = error.lines === undefined ? '' : ` line ${lineBase + error.lines}`;
      throw new FileDataError(`${file.relative}${line}: ${error.message.replace(/ at line \d+/, '')}`, CSV_HINT);
    }
    // The rest of the file is one unterminated field: reject it as one record, nothing follows it.
    record++;
    if (record > skipThrough) {
      const position = toPosition('csv', { file: file.relative, ordinal: record });
      const message = `${file.relative} record ${record}: a quoted field opened after line ${lastLine} is never closed`;
      yield { position, key: recordKey(file.relative, record), invalid: { message } };
    }
  } finally {
    await input.dispose();
  }
}

const CSV_HINT = 'fix the CSV there, or adjust csv.delimiter / csv.quote / csv.escape; the next run resumes after the last record read';

function isCsvError(error: unknown): error is Error & { code: string; lines?: number } {
  const code: unknown = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
}

function toItem(fields: string[], columns: readonly string[], cursor: FileCursor, endLine: number, relax: boolean): SourceItem {
  const position = toPosition('csv', cursor);
  const key = recordKey(cursor.file, cursor.ordinal);
  if (fields.length !== columns.length && !relax) {
    const message =
      `${cursor.file} record ${cursor.ordinal} (ending on line ${endLine}): ` +
      `${fields.length} fields, expected ${columns.length}`;
    return { position, key, invalid: { message } };
  }
  const data: Record<string, unknown> = {};
  const width = Math.min(fields.length, columns.length);
  for (let i = 0; i < width; i++) data[columns[i] as string] = fields[i];
  return { position, key, data };
}

async function readHeader(options: CsvReadOptions, encoding: FileSourceConfig['encoding']): Promise<string[]> {
  const input = options.open({ start: 0 });
  try {
    for await (const row of csvRows(input.output, options.csv, encoding)) return checkHeader(row.record, options.file);
  } finally {
    await input.dispose();
  }
  throw new FileDataError(`${options.file.relative}: the header row is missing`, 'the file changed since the checkpoint; run with --from-scratch');
}

function checkHeader(names: string[], file: ResolvedFile): string[] {
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (name === '' || seen.has(name)) {
      const what = name === '' ? `column ${index + 1} has no name` : `column name '${name}' appears twice`;
      throw new FileDataError(`${file.relative}: header row: ${what}`, 'name the columns with csv.columns (it replaces the header row)');
    }
    seen.add(name);
  }
  return names;
}
