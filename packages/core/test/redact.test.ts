import { describe, expect, it } from 'vitest';
import { redact, redactUrlCredentials } from '@synap-etl/core';

describe('redact', () => {
  it('hides the password of a connection URL', () => {
    expect(redactUrlCredentials('failed: postgres://app:s3cret@db.internal:5432/chat')).toBe(
      'failed: postgres://app:***@db.internal:5432/chat',
    );
  });
  it('hides known secret values', () => {
    expect(redact('key sk_live_abcdef rejected', ['sk_live_abcdef'])).toBe('key *** rejected');
  });
});
