import type { SourceItem } from '@synap-etl/core';
import { FileDataError } from './file-data-error.js';
import type { FileCursor } from './file-position.js';
import { recordKey, toPosition } from './file-position.js';
import { splitLines } from './line-splitter.js';
import type { InputChain } from './open-input.js';
import type { ResolvedFile } from './resolve-files.js';

export interface JsonlReadOptions {
  file: ResolvedFile;
  encoding: 'utf8' | 'latin1';
  /** Continue strictly after this cursor of this file. */
  after: FileCursor | undefined;
  open(start: number): InputChain;
}

/**
 * One record per non-blank line. A line that is not JSON, or not a JSON object, becomes an invalid record
 * naming the file and line; the read goes on. With an offset in `after`, the read seeks past the prefix;
 * otherwise it skips lines by number without parsing them.
 */
export async function* readJsonl(options: JsonlReadOptions): AsyncGenerator<SourceItem> {
  const { file, after } = options;
  const seek = after?.offset !== undefined && !file.gzip;
  const startOffset = seek ? (after?.offset ?? 0) : 0;
  const skipThrough = seek ? 0 : (after?.ordinal ?? 0);
  let line = seek ? (after?.ordinal ?? 0) : 0;
  const input = options.open(startOffset);
  try {
    for await (const { bytes, end, terminated } of splitLines(input.output, startOffset)) {
      line++;
      if (line <= skipThrough) continue;
      const text = decodeLine(bytes, options.encoding, line === 1);
      if (text.trim() === '') continue;
      const cursor = { file: file.relative, ordinal: line, ...(file.gzip ? {} : { offset: end }) };
      const position = toPosition('jsonl', cursor);
      const key = recordKey(file.relative, line);
      const parsed = parseLine(text);
      if ('problem' in parsed && parsed.syntax && !terminated && text.trimStart().startsWith('{')) {
        // A record begun but not finished: most likely a write still under way (or cut off). Rejecting it would
        // put the checkpoint past it, and once the line is complete a resume would start in its middle, losing it.
        throw new FileDataError(`${file.relative} line ${line} ends the file without a newline and is ${parsed.problem}`, TORN_LINE_HINT);
      }
      if ('problem' in parsed) {
        yield { position, key, invalid: { message: `${file.relative} line ${line}: ${parsed.problem}` } };
      } else {
        yield { position, key, data: parsed.data };
      }
    }
  } finally {
    await input.dispose();
  }
}

const TORN_LINE_HINT =
  'if the file is still being written, run again once it is complete; if it was cut off, end it with a newline ' +
  '(the line is then rejected as invalid) or remove the partial line; the next run resumes before that line';

function decodeLine(bytes: Buffer, encoding: 'utf8' | 'latin1', first: boolean): string {
  let text = bytes.toString(encoding);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

type ParsedLine = { data: Record<string, unknown> } | { problem: string; syntax: boolean };

/** Problems never quote the line: rejection reasons are stored, and records may hold personal data. */
function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = /at position (\d+)/.exec((error as Error).message);
    return { problem: `not valid JSON${at ? ` (at column ${Number(at[1]) + 1})` : ''}`, syntax: true };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`, syntax: false };
  }
  return { data: value as Record<string, unknown> };
}
