/**
 * Turns a document as the driver returns it (BSON wrapper classes) into plain values a mapping can use:
 *
 * | BSON                      | plain value                                   |
 * | ------------------------- | --------------------------------------------- |
 * | ObjectId                  | 24-char hex string                            |
 * | Date                      | ISO-8601 UTC string with milliseconds         |
 * | Decimal128, Long (int64)  | decimal string (never a lossy number)         |
 * | Int32, Double             | number                                        |
 * | UUID (binary subtype 4)   | canonical UUID string                         |
 * | other binary              | base64 string                                 |
 * | Timestamp                 | `{ t, i }` (seconds, increment)               |
 * | regex                     | `/pattern/flags`                              |
 * | code, symbol              | string                                        |
 * | MinKey, MaxKey            | `"MinKey"`, `"MaxKey"`                        |
 * | documents, arrays         | kept, converted recursively                   |
 *
 * Types are recognised by `_bsontype`, not `instanceof`, so values made by another copy of `bson` convert too.
 */
export class PlainConversionError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'PlainConversionError';
  }
}

interface BsonValue {
  _bsontype: string;
  toString(): string;
}

function isBsonValue(value: object): value is BsonValue {
  return typeof (value as { _bsontype?: unknown })._bsontype === 'string';
}

export function toPlain(value: unknown, field = ''): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return dateToIso(value, field);
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return value.map((item, i) => toPlain(item, `${field}[${i}]`));
  if (isBsonValue(value)) return bsonToPlain(value, field);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = toPlain(item, field ? `${field}.${key}` : key);
  return out;
}

export function documentToPlain(doc: Record<string, unknown>): Record<string, unknown> {
  return toPlain(doc) as Record<string, unknown>;
}

function dateToIso(date: Date, field: string): string {
  if (Number.isNaN(date.getTime())) {
    throw new PlainConversionError('date outside the range JavaScript can represent (±275,760 years)', field);
  }
  return date.toISOString();
}

function bsonToPlain(value: BsonValue, field: string): unknown {
  const v = value as unknown as Record<string, unknown> & BsonValue;
  switch (value._bsontype) {
    case 'ObjectId':
    case 'ObjectID':
      return (v.toHexString as () => string).call(v);
    case 'Decimal128':
    case 'Long':
    case 'BSONSymbol':
      return value.toString();
    case 'Int32':
    case 'Double':
      return (v.valueOf as () => number).call(v);
    case 'Binary':
      return binaryToPlain(v);
    case 'Timestamp':
      return { t: v.t as number, i: v.i as number };
    case 'BSONRegExp':
      return `/${String(v.pattern)}/${String(v.options)}`;
    case 'Code':
      return String(v.code);
    case 'MinKey':
    case 'MaxKey':
      return value._bsontype;
    case 'DBRef':
      return dbRefToPlain(v, field);
    default:
      throw new PlainConversionError(`unsupported BSON type ${value._bsontype}`, field);
  }
}

const UUID_SUBTYPE = 4;

function binaryToPlain(v: Record<string, unknown>): string {
  const subType = v.sub_type as number;
  if (subType === UUID_SUBTYPE && (v.position as number) === 16) {
    return (v.toUUID as () => { toHexString(includeDashes?: boolean): string }).call(v).toHexString(true);
  }
  return (v.toString as (encoding: string) => string).call(v, 'base64');
}

function dbRefToPlain(v: Record<string, unknown>, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = { $ref: v.collection, $id: toPlain(v.oid, `${field}.$id`) };
  if (v.db) out.$db = v.db;
  return out;
}
