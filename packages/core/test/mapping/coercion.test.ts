import { describe, expect, it } from 'vitest';
import { mapOk, mapRejected } from './helpers.js';

const doc = { document: '{{ text }}' };

describe('ids', () => {
  const config = { ...doc, document_id: { field: 'id' }, user_id: '{{ user }}', customer_id: { field: 'org' } };

  it('turns numbers and bigints into decimal strings and trims strings', () => {
    const request = mapOk(config, { text: 'x', id: 42, user: 12_345_678_901_234_567_890n, org: '  acme  ' });
    expect(request.document_id).toBe('42');
    expect(request.user_id).toBe('12345678901234567890');
    expect(request.customer_id).toBe('acme');
  });

  it('rejects an integer JS number beyond 2^53, which already lost digits', () => {
    const rejection = mapRejected(config, { text: 'x', id: 1, user: 2 ** 64, org: 'a' });
    expect(rejection.field).toBe('user_id');
    expect(rejection.message).toMatch(/^user_id: 18446744073709552000 is an integer beyond 2\^53 .*read the column as text or bigint/);
  });

  it('accepts the largest safe integer exactly', () => {
    expect(mapOk(config, { text: 'x', id: Number.MAX_SAFE_INTEGER, user: 'u', org: 'o' }).document_id).toBe('9007199254740991');
  });

  it('uses a driver object that prints itself (an ObjectId-like value)', () => {
    class ObjectIdLike {
      constructor(private readonly hex: string) {}
      toString(): string {
        return this.hex;
      }
    }
    const request = mapOk(config, { text: 'x', id: new ObjectIdLike('65f0c0ffee'), user: 'u', org: 'o' });
    expect(request.document_id).toBe('65f0c0ffee');
  });

  it('rejects a plain object as an id', () => {
    const rejection = mapRejected(config, { text: 'x', id: { a: 1 }, user: 'u', org: 'o' });
    expect(rejection.field).toBe('document_id');
    expect(rejection.message).toMatch(/document_id: \{"a":1\} is an object/);
  });

  it('type uuid validates and lower-cases, and formats 16 bytes', () => {
    const uuidConfig = { ...doc, user_id: { field: 'u', type: 'uuid' as const } };
    expect(mapOk(uuidConfig, { text: 'x', u: ' 3F2504E0-4F89-11D3-9A0C-0305E82C3301 ' }).user_id).toBe(
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    );
    const bytes = Buffer.from('3f2504e04f8911d39a0c0305e82c3301', 'hex');
    expect(mapOk(uuidConfig, { text: 'x', u: bytes }).user_id).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    const rejection = mapRejected(uuidConfig, { text: 'x', u: 'conv_123' });
    expect(rejection).toMatchObject({ field: 'user_id' });
    expect(rejection.message).toContain('"conv_123" is not a UUID');
  });
});

describe('metadata types', () => {
  const config = {
    ...doc,
    metadata: {
      turn: { field: 'n', type: 'number' as const },
      flagged: { field: 'flag', type: 'boolean' as const },
      label: { field: 'n', type: 'string' as const },
      payload: { field: 'obj', type: 'json' as const },
      raw: { field: 'obj' },
      rendered: 'turn {{ n }}',
      single: '{{ n }}',
    },
  };

  it('coerces number, boolean, string and json; fields and single-variable templates keep JSON values', () => {
    const request = mapOk(config, {
      text: 'x',
      n: 7,
      flag: 0,
      obj: { at: new Date(Date.UTC(2024, 0, 1)), big: 2n ** 64n, small: 5n, list: [1, undefined], skip: undefined },
    });
    expect(request.metadata).toEqual({
      turn: 7,
      flagged: false,
      label: '7',
      payload: { at: '2024-01-01T00:00:00.000Z', big: '18446744073709551616', small: 5, list: [1, null] },
      raw: { at: '2024-01-01T00:00:00.000Z', big: '18446744073709551616', small: 5, list: [1, null] },
      rendered: 'turn 7',
      single: 7,
    });
  });

  it('reads yes/no, t/f and 1/0 as booleans and refuses other words', () => {
    const flags = { ...doc, metadata: { f: { field: 'v', type: 'boolean' as const } } };
    expect(mapOk(flags, { text: 'x', v: 'YES' }).metadata).toEqual({ f: true });
    expect(mapOk(flags, { text: 'x', v: 't' }).metadata).toEqual({ f: true });
    expect(mapOk(flags, { text: 'x', v: 1n }).metadata).toEqual({ f: true });
    expect(mapRejected(flags, { text: 'x', v: 'maybe' }).message).toBe(
      'metadata.f: "maybe" is not a boolean (expected true/false, 1/0, yes/no)',
    );
  });

  it('refuses numbers that would lose digits', () => {
    const numbers = { ...doc, metadata: { n: { field: 'v', type: 'number' as const } } };
    expect(mapOk(numbers, { text: 'x', v: ' -12.5e3 ' }).metadata).toEqual({ n: -12_500 });
    expect(mapOk(numbers, { text: 'x', v: 12n }).metadata).toEqual({ n: 12 });
    expect(mapRejected(numbers, { text: 'x', v: '12345678901234567890' }).message).toMatch(/^metadata\.n: .*losing digits/);
    expect(mapRejected(numbers, { text: 'x', v: 2n ** 60n }).message).toMatch(/^metadata\.n: .*beyond 2\^53/);
    expect(mapRejected(numbers, { text: 'x', v: 'twelve' }).message).toBe('metadata.n: "twelve" is not a number');
  });
});

describe('documents', () => {
  it('rejects an empty or whitespace-only document', () => {
    for (const text of ['', '   \n\t', null]) {
      const rejection = mapRejected({ document: { field: 'text' } }, { text });
      expect(rejection.field).toBe('document');
      expect(rejection.message).toMatch(/^document is empty/);
    }
  });

  it('rejects a template that renders blank', () => {
    expect(mapRejected({ document: '{{ a }} {{ b }}' }, { a: null, b: '' }).message).toMatch(/^document is empty/);
  });

  it('keeps the document text as is (no trimming, no HTML escaping)', () => {
    expect(mapOk({ document: '{{ text }}' }, { text: '  <b>Tom & Jerry</b> "quoted"\n' }).document).toBe(
      '  <b>Tom & Jerry</b> "quoted"\n',
    );
  });

  it('accepts an object only with type json', () => {
    const transcript = { turns: [{ role: 'user', text: 'hi' }] };
    expect(mapOk({ document: { field: 'body', type: 'json' } }, { body: transcript }).document).toEqual(transcript);
    const rejection = mapRejected({ document: { field: 'body' } }, { body: transcript });
    expect(rejection.field).toBe('document');
    expect(rejection.message).toMatch(/is an object.*type: json/);
  });
});
