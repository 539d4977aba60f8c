/**
 * Typed errors. Every error carries a stable `code` the CLI maps to an exit code, and a `hint`
 * telling the user what to do next. `cause` is always kept.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'PLUGIN_NOT_FOUND'
  | 'PLUGIN_INVALID'
  | 'SOURCE_CONNECT'
  | 'SOURCE_READ'
  | 'SYNAP_AUTH'
  | 'SYNAP_CREDITS'
  | 'SYNAP_REQUEST'
  | 'SYNAP_UNAVAILABLE'
  | 'STATE'
  | 'MAPPING_CHANGED'
  | 'ABORTED'
  | 'INTERNAL';

export interface EtlErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class EtlError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: EtlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

export class ConfigError extends EtlError {
  /** Each problem names the path in the config (e.g. `mapping.document_created_at`). */
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[] = [], options: EtlErrorOptions = {}) {
    super('CONFIG_INVALID', message, options);
    this.issues = issues;
  }
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export class SourceConnectError extends EtlError {
  constructor(message: string, options: EtlErrorOptions = {}) {
    super('SOURCE_CONNECT', message, options);
  }
}

/** A read that stopped part-way. `lastPosition` is the last record fully yielded, so a resume loses nothing. */
export class SourceReadError extends EtlError {
  readonly lastPosition: unknown;
  constructor(message: string, lastPosition: unknown, options: EtlErrorOptions = {}) {
    super('SOURCE_READ', message, options);
    this.lastPosition = lastPosition;
  }
}

export class AbortError extends EtlError {
  constructor(message = 'the operation was aborted') {
    super('ABORTED', message);
  }
}

export function isEtlError(error: unknown): error is EtlError {
  return error instanceof EtlError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
