import { EtlError, errorMessage, redactUrlCredentials } from '@synap-etl/core';

/** A state store failure; the cause's message is kept with any URL password removed. */
export function stateError(what: string, hint: string, cause?: unknown): EtlError {
  const detail = cause === undefined ? '' : `: ${redactUrlCredentials(errorMessage(cause))}`;
  return new EtlError('STATE', `[state] ${what}${detail}`, { hint, cause });
}

/** A store used before init() or after close(). */
export function notOpenError(): EtlError {
  return stateError('the state store is not open', 'call init() before using the state store (a runner bug)');
}
