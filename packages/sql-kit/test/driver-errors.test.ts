import { describe, expect, it } from 'vitest';
import { connectFailureClassifier, connectionLostDetector } from '../src/driver-errors.js';

const failing = (message: string, code?: string | number): Error => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('driver error signs', () => {
  const classify = connectFailureClassifier({
    auth: { codes: ['28P01'] },
    database: { codes: ['3D000', 'ER_BAD_DB_ERROR'] },
    tls: { codes: ['HANDSHAKE_NO_SSL_SUPPORT'], message: /does not support SSL/i },
  });

  it('classifies a connect failure by its code, or by its message, in the order auth, database, tls', () => {
    expect(classify(failing('password authentication failed', '28P01'))).toBe('auth');
    expect(classify(failing('unknown database', 'ER_BAD_DB_ERROR'))).toBe('database');
    expect(classify(failing('x', 'HANDSHAKE_NO_SSL_SUPPORT'))).toBe('tls');
    expect(classify(failing('The server does not support SSL connections'))).toBe('tls');
    // Neither code nor message names a sign: left to the checks every driver shares.
    expect(classify(failing('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe('other');
    expect(classify(null)).toBe('other');
  });

  it('leaves a kind out when the dialect gives no sign for it', () => {
    const authOnly = connectFailureClassifier({ auth: { codes: ['1045'] } });
    // A numeric code (mysql2's errno) is compared as text.
    expect(authOnly(failing('Access denied', 1045))).toBe('auth');
    expect(authOnly(failing('The server does not support SSL connections'))).toBe('other');
  });

  it('tells a lost connection by code or by message, case-insensitively', () => {
    const lost = connectionLostDetector({ codes: ['57P01'], message: /connection terminated/i });
    expect(lost(failing('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(lost(failing('Connection terminated unexpectedly'))).toBe(true);
    expect(lost(failing('syntax error at or near "FROM"', '42601'))).toBe(false);
    expect(lost(undefined)).toBe(false);
  });
});
