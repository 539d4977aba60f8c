import { SourceConnectError, redact } from '@synap-etl/core';

/** Why a connection attempt failed, as far as the driver lets us tell. Dialects recognise their own codes. */
export type ConnectFailure = 'auth' | 'database' | 'network' | 'timeout' | 'tls' | 'other';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED/i;

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

/** Node's happy-eyeballs connect throws an AggregateError with an empty message; use its first error. */
export function driverMessage(error: unknown): string {
  if (error instanceof AggregateError && error.message === '' && error.errors.length > 0) {
    return driverMessage(error.errors[0]);
  }
  if (error instanceof Error) return error.message || errorCode(error) || error.name;
  return String(error);
}

/** Failures every driver reports alike: sockets, DNS, timeouts, TLS. */
export function commonConnectFailure(error: unknown): ConnectFailure {
  const code = errorCode(error) ?? '';
  const message = driverMessage(error);
  if (NETWORK_CODES.has(code) || /terminated unexpectedly|socket hang up/i.test(message)) return 'network';
  if (code === 'ETIMEDOUT' || (error as Error | null)?.name === 'KnexTimeoutError' || /timeout|timed out/i.test(message)) {
    return 'timeout';
  }
  if (TLS_CODE.test(code) || /\b(ssl|tls|certificate)\b/i.test(message)) return 'tls';
  return 'other';
}

function hintFor(failure: ConnectFailure, timeoutMs: number): string {
  switch (failure) {
    case 'auth':
      return 'check the user name and password (keep the password in an environment variable, e.g. ${DB_PASSWORD})';
    case 'database':
      return 'check the database name in the connection, or create the database';
    case 'network':
      return 'check the host and port, and that the server is running and reachable from this machine';
    case 'timeout':
      return `no answer within ${timeoutMs} ms: check the host, port, firewall or VPN; raise \`connect_timeout_ms\` for a slow link`;
    case 'tls':
      return 'check the `ssl` settings: the server may not offer TLS, or its certificate is not trusted (give `ca` or `ca_file`)';
    default:
      return 'check the connection settings of the source';
  }
}

export interface ConnectErrorContext {
  product: string;
  /** `host:port/database as user "x"`. */
  target: string;
  secrets: readonly string[];
  timeoutMs: number;
}

export function connectError(error: unknown, failure: ConnectFailure, context: ConnectErrorContext): SourceConnectError {
  const reason = failure === 'timeout' && (error as Error | null)?.name === 'KnexTimeoutError'
    ? `no connection within ${context.timeoutMs} ms`
    : driverMessage(error);
  const message = redact(`cannot connect to ${context.product} at ${context.target}: ${reason}`, context.secrets);
  return new SourceConnectError(message, { hint: hintFor(failure, context.timeoutMs), cause: error });
}
