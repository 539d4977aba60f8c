/**
 * Errors of the Synap client. Each carries a stable `code` (the same strings core's `EtlError` uses, so the
 * CLI maps both alike) and a `hint` telling the user what to do next. `cause` is always kept.
 * Messages never contain the API key: every message passes through `scrubSecret` before it is built.
 */
export type SynapErrorCode =
  | 'SYNAP_AUTH'
  | 'SYNAP_CREDITS'
  | 'SYNAP_REQUEST'
  | 'SYNAP_UNAVAILABLE'
  | 'ABORTED'
  | 'CONFIG_INVALID';

export interface SynapErrorOptions {
  hint: string;
  cause?: unknown;
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number;
  /** Correlation ids of every request the call sent, oldest first, for support tickets. */
  correlationIds?: readonly string[];
}

export class SynapError extends Error {
  readonly code: SynapErrorCode;
  readonly hint: string;
  readonly status: number | undefined;
  readonly correlationIds: readonly string[];

  constructor(code: SynapErrorCode, message: string, options: SynapErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.status = options.status;
    this.correlationIds = options.correlationIds ?? [];
  }
}

/** 401, or no API key configured at all. Stops the run. */
export class SynapAuthError extends SynapError {
  constructor(message: string, options: Partial<SynapErrorOptions> = {}) {
    super('SYNAP_AUTH', message, {
      hint: 'check SYNAP_API_KEY and the instance id (SYNAP_INSTANCE_ID) of your Synap instance',
      ...options,
    });
  }
}

/** 402: the instance has too few credits. Stops the run and reports the balance. */
export class SynapCreditsError extends SynapError {
  readonly balanceCredits: number | undefined;
  readonly minimumRequiredCredits: number | undefined;

  constructor(
    message: string,
    credits: { balanceCredits?: number; minimumRequiredCredits?: number },
    options: Partial<SynapErrorOptions> = {},
  ) {
    super('SYNAP_CREDITS', message, {
      hint: 'add credits to your Synap instance, then run again: delivered documents are skipped on resume',
      ...options,
    });
    this.balanceCredits = credits.balanceCredits;
    this.minimumRequiredCredits = credits.minimumRequiredCredits;
  }
}

/** A permanent rejection of the request (400, 404, 413, 422, ...). Retrying the same request cannot help. */
export class SynapRequestError extends SynapError {
  /** The `detail` of the response body, as sent by the server (already scrubbed of the API key). */
  readonly detail: unknown;

  constructor(message: string, detail: unknown, options: Partial<SynapErrorOptions> = {}) {
    super('SYNAP_REQUEST', message, {
      hint: 'the server rejected the request as invalid; fix the documents or the mapping named in the detail',
      ...options,
    });
    this.detail = detail;
  }
}

/** Transient failures (5xx, 429, timeouts, dropped connections) that outlasted every retry. */
export class SynapUnavailableError extends SynapError {
  readonly attempts: number;

  constructor(message: string, attempts: number, options: Partial<SynapErrorOptions> = {}) {
    super('SYNAP_UNAVAILABLE', message, {
      hint: 'Synap could not be reached or kept failing; run again later (delivered documents are skipped on resume)',
      ...options,
    });
    this.attempts = attempts;
  }
}

/** The caller's AbortSignal fired (during a request or while waiting to retry). */
export class SynapAbortedError extends SynapError {
  constructor(message = 'the Synap request was aborted', options: Partial<SynapErrorOptions> = {}) {
    super('ABORTED', message, { hint: 'the run was stopped; run again to resume', ...options });
  }
}

/** Client options that cannot work (a malformed base URL, a negative timeout). */
export class SynapConfigError extends SynapError {
  constructor(message: string) {
    super('CONFIG_INVALID', message, { hint: 'fix the Synap client options (sink section of the config, or SYNAP_* env vars)' });
  }
}

export function isSynapError(error: unknown): error is SynapError {
  return error instanceof SynapError;
}

const SCRUBBED = '***';

/** Removes the API key (and any `Bearer <token>`) from a text before it becomes part of an error message. */
export function scrubSecret(text: string, secret: string | undefined): string {
  let out = text.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${SCRUBBED}`);
  if (secret && secret.length >= 3) out = out.split(secret).join(SCRUBBED);
  return out;
}
