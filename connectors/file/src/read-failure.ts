import { SourceReadError, errorMessage, isEtlError } from '@synap-etl/core';
import type { Position } from '@synap-etl/core';
import { FileDataError } from './file-data-error.js';
import type { ResolvedFile } from './resolve-files.js';

const RESUME_NOTE = 'the next run resumes after the last record read';

/** Turns whatever stopped a file's read into a SourceReadError naming the file, carrying the resume position. */
export function readFailure(error: unknown, file: ResolvedFile, lastPosition: Position | undefined): SourceReadError {
  if (error instanceof SourceReadError) return error;
  const code = (error as { code?: unknown }).code;
  let message: string;
  let hint: string;
  if (error instanceof FileDataError) {
    message = `file source: ${error.message}`;
    hint = error.hint;
  } else if (typeof code === 'string' && code.startsWith('Z_')) {
    message = `file source: ${file.relative} is not valid gzip data or is truncated (${errorMessage(error)})`;
    hint = `re-create or re-download the file (or set gzip: false if it is not compressed); ${RESUME_NOTE}`;
  } else if (isEtlError(error)) {
    return new SourceReadError(`file source: ${file.relative}: ${error.message}`, lastPosition, { cause: error, hint: error.hint });
  } else {
    message = `file source: could not read ${file.relative}: ${errorMessage(error)}`;
    hint = `check that the file is still there and readable; ${RESUME_NOTE}`;
  }
  return new SourceReadError(message, lastPosition, { cause: error, hint });
}
