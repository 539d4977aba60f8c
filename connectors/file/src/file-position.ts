import { SourceReadError } from '@synap-etl/core';
import type { Position } from '@synap-etl/core';
import type { FileFormat } from './config.js';

/**
 * Where a record ends, format-neutral: `ordinal` is the JSONL line number or the CSV record number (1-based,
 * header excluded); `offset`, for uncompressed files, is the byte just after the record, where a resume seeks;
 * `line`, for CSV with an offset, is the line the record ends on, so messages after a seek keep true line numbers.
 */
export interface FileCursor {
  file: string;
  ordinal: number;
  offset?: number;
  line?: number;
}

/** The stored shape: `{ file, line, offset? }` for JSON Lines, `{ file, record, line?, offset? }` for CSV. */
export function toPosition(format: FileFormat, cursor: FileCursor): Position {
  const position: Record<string, string | number> = { file: cursor.file };
  if (format === 'jsonl') {
    position.line = cursor.ordinal;
  } else {
    position.record = cursor.ordinal;
    if (cursor.line !== undefined) position.line = cursor.line;
  }
  if (cursor.offset !== undefined) position.offset = cursor.offset;
  return position;
}

export function parsePosition(after: Position | undefined): FileCursor | undefined {
  if (after === undefined) return undefined;
  const candidate = after as Record<string, unknown>;
  const ordinal = candidate?.record ?? candidate?.line;
  const endLine = candidate?.record === undefined ? undefined : candidate?.line;
  if (
    typeof after !== 'object' ||
    after === null ||
    Array.isArray(after) ||
    typeof candidate.file !== 'string' ||
    !isCount(ordinal) ||
    (candidate.offset !== undefined && !isCount(candidate.offset)) ||
    (endLine !== undefined && !isCount(endLine))
  ) {
    throw new SourceReadError(`file source: cannot resume after ${JSON.stringify(after)}: not a file position`, after, {
      hint: 'the checkpoint was written by another kind of source; start this pipeline again with --from-scratch',
    });
  }
  return {
    file: candidate.file,
    ordinal: ordinal as number,
    ...(candidate.offset === undefined ? {} : { offset: candidate.offset as number }),
    ...(endLine === undefined ? {} : { line: endLine as number }),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The one order files are read in and positions compared by: UTF-16 code units, independent of locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function recordKey(file: string, ordinal: number): string {
  return `${file}:${ordinal}`;
}
