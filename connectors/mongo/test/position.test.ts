import { describe, expect, it } from 'vitest';
import { Decimal128, Long, ObjectId } from 'mongodb';
import { ConfigError } from '@synap-etl/core';
import { CursorValueError, cursorValues, decodePosition, encodePosition, recordKey } from '../src/position.js';
import { keysetAfter, laterTypes, typeAlias } from '../src/keyset.js';

describe('positions', () => {
  it('survive JSON storage with their BSON types intact', () => {
    const id = new ObjectId();
    const values = [id, new Date(1_704_067_200_123), Long.fromString('9007199254740993'), Decimal128.fromString('1.10'), 'text', null];
    const stored = JSON.parse(JSON.stringify(encodePosition(values)));
    const decoded = decodePosition(stored, ['a', 'b', 'c', 'd', 'e', 'f']);
    expect(decoded[0]).toBeInstanceOf(ObjectId);
    expect((decoded[0] as ObjectId).equals(id)).toBe(true);
    expect((decoded[1] as Date).getTime()).toBe(1_704_067_200_123);
    expect(decoded[2]).toBeInstanceOf(Long);
    expect(String(decoded[2])).toBe('9007199254740993');
    expect(decoded[3]).toBeInstanceOf(Decimal128);
    expect(String(decoded[3])).toBe('1.10');
    expect(decoded.slice(4)).toEqual(['text', null]);
  });

  it('refuse a saved position made for another cursor, with a hint', () => {
    const stored = encodePosition([new ObjectId()]);
    expect(() => decodePosition(stored, ['created_at', '_id'])).toThrow(ConfigError);
    expect(() => decodePosition(stored, ['created_at', '_id'])).toThrow(expect.objectContaining({ hint: expect.stringMatching(/--from-scratch/) }));
  });
});

describe('cursorValues', () => {
  it('follows dotted paths and treats a missing field as null', () => {
    expect(cursorValues({ meta: { at: 5 }, _id: 'x' }, ['meta.at', '_id', 'gone'])).toEqual([5, 'x', null]);
  });

  it('refuses arrays, which MongoDB sorts by their smallest element', () => {
    expect(() => cursorValues({ tags: [1, 2] }, ['tags'])).toThrow(CursorValueError);
    expect(() => cursorValues({ items: [{ at: 1 }] }, ['items.at'])).toThrow(CursorValueError);
  });
});

describe('recordKey', () => {
  it('is the plain value for one field and escaped parts joined by ":" for several', () => {
    const id = new ObjectId();
    expect(recordKey([id])).toBe(id.toHexString());
    expect(recordKey([id, 3])).toBe(`${id.toHexString()}:3`);
    expect(recordKey([new Date(0), id])).toBe(`1970-01-01T00%3A00%3A00.000Z:${id.toHexString()}`);
  });

  it('keeps compound keys distinct when values contain the separator', () => {
    expect(recordKey(['a:b', 'c'])).not.toBe(recordKey(['a', 'b:c']));
    expect(recordKey(['a%3Ab', 'c'])).not.toBe(recordKey(['a:b', 'c']));
  });
});

describe('keyset conditions', () => {
  it('compares field by field: $or of $gt on a field after equality on the ones before', () => {
    const at = new Date(0);
    const id = new ObjectId();
    const condition = keysetAfter(['created_at', '_id'], [at, id]);
    expect(condition.$or).toEqual([
      { created_at: { $gt: at } },
      { created_at: { $type: laterTypes(at) } },
      { created_at: { $eq: at }, _id: { $gt: id } },
      { created_at: { $eq: at }, _id: { $type: laterTypes(id) } },
    ]);
  });

  it('lists the later type brackets in MongoDB sort order', () => {
    expect(laterTypes(1)).toEqual(expect.arrayContaining(['string', 'object', 'objectId', 'bool', 'date']));
    expect(laterTypes(1)).not.toContain('int');
    expect(laterTypes('x')).not.toContain('double');
    expect(laterTypes(new Date())).toEqual(['timestamp', 'regex', 'javascript', 'maxKey']);
    expect(typeAlias(Long.fromNumber(1))).toBe('long');
    expect(typeAlias({ a: 1 })).toBe('object');
  });

  it('only uses later types after null, which nothing exceeds within its bracket', () => {
    expect(keysetAfter(['a'], [null])).toEqual({ a: { $type: laterTypes(null) } });
  });
});
