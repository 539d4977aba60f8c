import { describe, expect, it } from 'vitest';
import { Binary, BSONRegExp, BSONSymbol, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID } from 'mongodb';
import { PlainConversionError, toPlain } from '../src/bson-to-plain.js';

describe('toPlain', () => {
  it('turns an ObjectId into its hex string', () => {
    const id = new ObjectId();
    expect(toPlain(id)).toBe(id.toHexString());
  });

  it('turns a Date into its ISO-8601 instant', () => {
    expect(toPlain(new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7)))).toBe('2024-02-29T23:59:58.007Z');
  });

  it('keeps every digit of Long and Decimal128 as strings', () => {
    expect(toPlain(Long.fromString('9007199254740993'))).toBe('9007199254740993');
    expect(toPlain(Long.fromString('-9223372036854775808'))).toBe('-9223372036854775808');
    expect(toPlain(Decimal128.fromString('12345678901234567890.1234567890'))).toBe('12345678901234567890.1234567890');
    expect(toPlain(Decimal128.fromString('0.10'))).toBe('0.10');
  });

  it('turns a UUID (binary subtype 4) into its canonical string and other binaries into base64', () => {
    const uuid = new UUID('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(toPlain(uuid)).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(toPlain(new Binary(uuid.buffer, 4))).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(toPlain(new Binary(Buffer.from('hello')))).toBe(Buffer.from('hello').toString('base64'));
  });

  it('unwraps numeric wrappers and the rarer BSON types', () => {
    expect(toPlain(new Int32(7))).toBe(7);
    expect(toPlain(new Double(2.5))).toBe(2.5);
    expect(toPlain(new Timestamp({ t: 1_700_000_000, i: 3 }))).toEqual({ t: 1_700_000_000, i: 3 });
    expect(toPlain(new BSONRegExp('^a.c$', 'i'))).toBe('/^a.c$/i');
    expect(toPlain(/x+/g)).toBe('/x+/g');
    expect(toPlain(new Code('function () {}'))).toBe('function () {}');
    expect(toPlain(new BSONSymbol('sym'))).toBe('sym');
    expect(toPlain(new MinKey())).toBe('MinKey');
    expect(toPlain(new MaxKey())).toBe('MaxKey');
    expect(toPlain(123n)).toBe('123');
    expect(toPlain(undefined)).toBeNull();
  });

  it('keeps nested documents and arrays, converting inside them', () => {
    const id = new ObjectId();
    const doc = {
      _id: id,
      messages: [
        { role: 'user', at: new Date(0), tokens: Long.fromNumber(3) },
        { role: 'assistant', parts: ['a', { n: new Int32(1) }] },
      ],
      meta: { deep: { cost: Decimal128.fromString('1.5') } },
    };
    expect(toPlain(doc)).toEqual({
      _id: id.toHexString(),
      messages: [
        { role: 'user', at: '1970-01-01T00:00:00.000Z', tokens: '3' },
        { role: 'assistant', parts: ['a', { n: 1 }] },
      ],
      meta: { deep: { cost: '1.5' } },
    });
  });

  it('names the field of a date JavaScript cannot represent', () => {
    const conversion = () => toPlain({ messages: [{ at: new Date(Number.NaN) }] });
    expect(conversion).toThrow(PlainConversionError);
    expect(conversion).toThrow(expect.objectContaining({ field: 'messages[0].at' }));
  });
});
