import { redact, errorMessage } from '@synap-etl/core';

/** Codes of MongoDB server errors we give specific advice for. */
const AUTHENTICATION_FAILED = 18;
const UNAUTHORIZED = 13;
const CURSOR_NOT_FOUND = 43;

export interface ErrorAdvice {
  reason: string;
  hint: string;
}

export const INVALID_URI: ErrorAdvice = {
  reason: 'the connection string is invalid',
  hint: 'write it as mongodb://user:password@host:27017/?authSource=admin (or mongodb+srv://...); percent-encode special characters in the password',
};

/** The password of a connection string, raw and percent-decoded, so either spelling is redacted. */
export function uriSecrets(uri: string): string[] {
  const match = /^mongodb(?:\+srv)?:\/\/[^:@/]*:([^@/]*)@/.exec(uri);
  const raw = match?.[1];
  if (!raw) return [];
  try {
    return [raw, decodeURIComponent(raw)];
  } catch {
    return [raw];
  }
}

export function redactMongo(text: string, uri: string): string {
  return redact(text, uriSecrets(uri));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function isAuthFailure(error: unknown): boolean {
  return errorCode(error) === AUTHENTICATION_FAILED || /authentication failed/i.test(errorMessage(error));
}

export function adviseOnConnect(error: unknown): ErrorAdvice {
  const name = errorName(error);
  if (name === 'MongoParseError' || name === 'MongoInvalidArgumentError' || name === 'MongoMissingCredentialsError') {
    return INVALID_URI;
  }
  if (isAuthFailure(error)) {
    return {
      reason: 'authentication failed',
      hint: 'check the user and password, and authSource= in the uri (the database where the user was created, often admin)',
    };
  }
  if (errorCode(error) === UNAUTHORIZED) {
    return { reason: 'not authorized', hint: 'grant the user the read role on the database' };
  }
  if (name === 'MongoServerSelectionError' || name === 'MongoNetworkError' || name === 'MongoNetworkTimeoutError') {
    return {
      reason: 'no server answered',
      hint: 'check host, port and network access; for a single server outside a replica set add directConnection=true to the uri',
    };
  }
  return { reason: 'the connection failed', hint: 'check the uri and that the server is a reachable MongoDB' };
}

export function adviseOnRead(error: unknown): ErrorAdvice {
  const name = errorName(error);
  if (errorCode(error) === CURSOR_NOT_FOUND) {
    return {
      reason: 'the server dropped the cursor (idle timeout or failover)',
      hint: 'run again: the read resumes after the last record; a smaller batch_size keeps the cursor busier',
    };
  }
  if (errorCode(error) === UNAUTHORIZED) {
    return { reason: 'not authorized', hint: 'grant the user the read role on the database' };
  }
  if (/^MongoNetwork|^MongoServerSelection|^MongoPoolCleared|^MongoNotConnected|^MongoTopologyClosed/.test(name)) {
    return { reason: 'the connection to the server was lost', hint: 'run again once the server is back: the read resumes after the last record' };
  }
  return { reason: 'the read failed', hint: 'fix the cause and run again: the read resumes after the last record' };
}
