import { parse } from 'csv-parse';
import type { CsvOptions, FileSourceConfig } from './config.js';

/** One CSV row as arrays of fields, with where it ends: byte offset after it, and line (both from the start of the parse). */
export interface ParsedRow {
  record: string[];
  bytes: number;
  lines: number;
}

/**
 * Parses a byte stream into rows, one chunk at a time: only the rows of the current chunk are held. Rows
 * parsed before a syntax error are yielded before the error is thrown, so a read fails exactly where the
 * file does. Column names and counts are left to the caller, so a short row can be rejected on its own;
 * quotes inside unquoted fields are kept as text, as most spreadsheet tools write them.
 */
export async function* csvRows(
  chunks: AsyncIterable<Buffer>,
  csv: CsvOptions,
  encoding: FileSourceConfig['encoding'],
): AsyncGenerator<ParsedRow> {
  const rows: ParsedRow[] = [];
  let failure: Error | undefined;
  const parser = parse({
    delimiter: csv.delimiter,
    quote: csv.quote,
    escape: csv.escape ?? csv.quote,
    trim: csv.trim,
    skip_empty_lines: csv.skip_empty_lines,
    relax_column_count: true,
    relax_quotes: true,
    bom: true,
    encoding,
    on_record: (record: string[], context: { bytes: number; lines: number }) => {
      rows.push({ record, bytes: context.bytes, lines: context.lines });
      return null; // kept out of the stream's own buffer: rows leave through this generator only
    },
  });
  parser.on('error', (error: Error) => {
    failure ??= error;
  });
  const step = (write: (done: (error?: Error | null) => void) => void): Promise<void> =>
    new Promise((resolve) => {
      write((error) => {
        if (error) failure ??= error;
        resolve();
      });
    });
  try {
    for await (const chunk of chunks) {
      await step((done) => parser.write(chunk, done));
      yield* rows.splice(0);
      if (failure) throw failure;
    }
    await step((done) => parser.end(done));
    yield* rows.splice(0);
    if (failure) throw failure;
  } finally {
    parser.destroy();
  }
}
