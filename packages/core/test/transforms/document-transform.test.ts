import { describe, expect, it } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { buildDocumentTransform, DEFAULT_TRUNCATION_MARKER } from '../../src/transforms/index.js';
import { config } from './helpers.js';

const transform = (input: Record<string, unknown>) => {
  const fn = buildDocumentTransform(config(input));
  if (!fn) throw new Error('expected a transform');
  return fn;
};

describe('buildDocumentTransform', () => {
  it('is undefined when no text transform is configured', () => {
    expect(buildDocumentTransform(config({}))).toBeUndefined();
    expect(buildDocumentTransform(config({ group: { by: 'c' }, normalize_whitespace: false }))).toBeUndefined();
  });

  it('redacts the document and string metadata, leaving ids and the input request alone', () => {
    const request: CreateMemoryRequest = {
      document: 'User: mail me at jane@example.com\nAssistant: sure',
      user_id: 'jane@example.com',
      metadata: { note: 'from jane@example.com', count: 3, nested: { list: ['x@example.org', 7] } },
    };
    const out = transform({ redact: { emails: true } })(request);
    expect(out.document).toBe('User: mail me at [email]\nAssistant: sure');
    expect(out.metadata).toEqual({ note: 'from [email]', count: 3, nested: { list: ['[email]', 7] } });
    expect(out.user_id).toBe('jane@example.com');
    expect(request.document).toContain('jane@example.com');
  });

  it('can leave metadata unredacted, and redacts strings of JSON documents', () => {
    const out = transform({ redact: { emails: true, metadata: false } })({
      document: { subject: 'hi', from: 'a@example.com' },
      metadata: { from: 'a@example.com' },
    });
    expect(out.document).toEqual({ subject: 'hi', from: '[email]' });
    expect(out.metadata).toEqual({ from: 'a@example.com' });
  });

  it('normalises whitespace without joining transcript lines', () => {
    const out = transform({ normalize_whitespace: true })({
      document: '  User:\thello   there \r\n\r\n\r\n\r\nAssistant: hi\u200B\u00A0 you  \n',
    });
    expect(out.document).toBe('User: hello there\n\nAssistant: hi you');
  });

  it('truncates last, with a visible marker, to at most max_chars', () => {
    const fn = transform({ redact: { emails: true }, truncate: { max_chars: 40 } });
    const long = `User: ${'word '.repeat(20)}`;
    const out = fn({ document: long }).document as string;
    expect(out.length).toBe(40);
    expect(out.endsWith(DEFAULT_TRUNCATION_MARKER)).toBe(true);
    expect(out.startsWith('User: word')).toBe(true);
    // Redaction ran before the cut: an address at the end is gone, not half-cut.
    const cut = fn({ document: `${'a'.repeat(10)} x@example.com` }).document;
    expect(cut).toBe('aaaaaaaaaa [email]');
    // Short documents pass untouched.
    expect(fn({ document: 'short' }).document).toBe('short');
  });

  it('never splits a surrogate pair and honours a custom marker', () => {
    const out = transform({ truncate: { max_chars: 6, marker: '…' } })({ document: 'abcd😀😀😀' }).document as string;
    expect(out).toBe('abcd…');
    expect(out.length).toBeLessThanOrEqual(6);
  });

  it('rejects a marker as long as the limit', () => {
    expect(() => config({ truncate: { max_chars: 5, marker: '[cut]' } })).toThrow(/marker must be shorter than max_chars/);
  });
});
