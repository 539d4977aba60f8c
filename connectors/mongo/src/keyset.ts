import type { Document } from 'mongodb';

/**
 * MongoDB orders values of different types by type bracket (https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/),
 * but `$gt` only matches values of the same bracket. "After v" is therefore `$gt: v` within v's bracket, or any
 * value of a later bracket (`$type`). Brackets are listed in sort order with their `$type` aliases; the deprecated
 * undefined, dbPointer and javascriptWithScope types are left out (servers and emulators disagree on their aliases).
 */
const TYPE_BRACKETS: readonly (readonly string[])[] = [
  ['minKey'],
  ['null'],
  ['double', 'int', 'long', 'decimal'],
  ['symbol', 'string'],
  ['object'],
  ['array'],
  ['binData'],
  ['objectId'],
  ['bool'],
  ['date'],
  ['timestamp'],
  ['regex'],
  ['javascript'],
  ['maxKey'],
];

const BRACKET_OF_BSONTYPE: Record<string, string> = {
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  Int32: 'int',
  Double: 'double',
  Long: 'long',
  Decimal128: 'decimal',
  BSONSymbol: 'symbol',
  Binary: 'binData',
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Timestamp: 'timestamp',
  BSONRegExp: 'regex',
  Code: 'javascript',
  DBRef: 'object',
};

/** The `$type` alias of a value as the driver returns it. */
export function typeAlias(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (Array.isArray(value)) return 'array';
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (typeof bsonType === 'string') {
    const alias = BRACKET_OF_BSONTYPE[bsonType];
    if (alias === undefined) throw new Error(`unsupported BSON type ${bsonType} in a cursor field`);
    return alias;
  }
  return 'object';
}

function bracketIndex(value: unknown): number {
  const alias = typeAlias(value);
  return TYPE_BRACKETS.findIndex((bracket) => bracket.includes(alias));
}

/** `$type` aliases of every bracket sorting after the value's own. */
export function laterTypes(value: unknown): string[] {
  return TYPE_BRACKETS.slice(bracketIndex(value) + 1).flat();
}

export function keysetSort(fields: readonly string[]): Record<string, 1> {
  return Object.fromEntries(fields.map((field) => [field, 1 as const]));
}

/**
 * The filter for "strictly after `values`" in the order of `keysetSort(fields)`:
 * `$or: [{a: {$gt: va}}, {a: va, b: {$gt: vb}}, ...]`, each `$gt` joined by its later-type alternative.
 * Equality uses `$eq`, so a regex or document value is compared, not interpreted.
 */
export function keysetAfter(fields: readonly string[], values: readonly unknown[]): Document {
  const clauses: Document[] = [];
  fields.forEach((field, i) => {
    const prefix: Document = {};
    for (let j = 0; j < i; j++) prefix[fields[j] as string] = { $eq: values[j] };
    const value = values[i];
    const alias = typeAlias(value);
    // Nothing of the null or MinKey/MaxKey brackets is greater than their single value.
    if (!['null', 'minKey', 'maxKey'].includes(alias)) clauses.push({ ...prefix, [field]: { $gt: value } });
    const later = laterTypes(value);
    if (later.length > 0) clauses.push({ ...prefix, [field]: { $type: later } });
  });
  return clauses.length === 1 ? (clauses[0] as Document) : { $or: clauses };
}
