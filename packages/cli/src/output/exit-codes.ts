/** Exit codes, mapped from error codes in one place. */
export const EXIT = {
  ok: 0,
  internal: 1,
  config: 2,
  /** The run finished, but some records were rejected or failed: see `etl failures`. */
  recordsNotDelivered: 3,
  /** The run stopped early: source unreachable or broken, Synap refused (auth, credits) or unavailable, state error. */
  stopped: 4,
  interrupted: 130,
} as const;

const CONFIG_CODES = new Set(['CONFIG_INVALID', 'CONFIG_NOT_FOUND', 'PLUGIN_NOT_FOUND', 'PLUGIN_INVALID', 'MAPPING_CHANGED']);
const STOPPED_CODES = new Set([
  'SOURCE_CONNECT',
  'SOURCE_READ',
  'SYNAP_AUTH',
  'SYNAP_CREDITS',
  'SYNAP_REQUEST',
  'SYNAP_UNAVAILABLE',
  'STATE',
]);

export function exitCodeForError(error: unknown): number {
  const code = errorCode(error);
  if (code && CONFIG_CODES.has(code)) return EXIT.config;
  if (code && STOPPED_CODES.has(code)) return EXIT.stopped;
  if (code === 'ABORTED') return EXIT.interrupted;
  return EXIT.internal;
}

/** Errors from core and from the Synap client both carry a string `code`. */
export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export function errorHint(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'hint' in error && typeof error.hint === 'string') return error.hint;
  return undefined;
}
