import { BSON } from 'mongodb';
import { ConfigError } from '@synap-etl/core';
import type { JsonValue, Position } from '@synap-etl/core';
import { toPlain } from './bson-to-plain.js';

/**
 * A position is the list of cursor-field values of a record in canonical Extended JSON, e.g.
 * `[{"$date":{"$numberLong":"1704067200000"}}, {"$oid":"65a0..."}]`. Canonical mode keeps the BSON type exactly
 * (ObjectId, Date, Long, Decimal128, int vs double), so the resume query compares against the very same value.
 */
export function encodePosition(values: readonly unknown[]): Position {
  return BSON.EJSON.serialize(values, { relaxed: false }) as JsonValue;
}

export function decodePosition(position: Position, fields: readonly string[]): unknown[] {
  if (!Array.isArray(position) || position.length !== fields.length) {
    throw new ConfigError(`the saved position ${JSON.stringify(position)} does not match cursor [${fields.join(', ')}]`, [], {
      hint: 'the cursor setting changed since the last run; restore it, or start over with --from-scratch',
    });
  }
  return BSON.EJSON.deserialize(position, { relaxed: false }) as unknown[];
}

/** Why a record's cursor values cannot mark a position. */
export class CursorValueError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'CursorValueError';
  }
}

/**
 * Values of the cursor fields in `doc`, following dotted paths. A missing field counts as null (MongoDB sorts and
 * matches them alike). Arrays are refused: MongoDB sorts an array by its smallest element, which a keyset cannot follow.
 */
export function cursorValues(doc: Record<string, unknown>, fields: readonly string[]): unknown[] {
  return fields.map((field) => {
    let value: unknown = doc;
    for (const segment of field.split('.')) {
      if (Array.isArray(value)) throw new CursorValueError(`cursor field \`${field}\` passes through an array`, field);
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
    if (Array.isArray(value)) throw new CursorValueError(`cursor field \`${field}\` holds an array`, field);
    return value ?? null;
  });
}

/**
 * The record's identity, feeding derived document ids: its cursor values as plain strings (`65a0...` for an
 * ObjectId, `65a0...:3` for `[_id, message_index]`). In compound keys `%` and `:` inside a value are escaped so
 * that distinct records never share a key.
 */
export function recordKey(values: readonly unknown[]): string {
  const parts = values.map(keyPart);
  if (parts.length === 1) return parts[0] as string;
  return parts.map((part) => part.replaceAll('%', '%25').replaceAll(':', '%3A')).join(':');
}

function keyPart(value: unknown): string {
  const plain = toPlain(value);
  if (typeof plain === 'string') return plain;
  return JSON.stringify(plain);
}
