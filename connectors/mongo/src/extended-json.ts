import { BSON } from 'mongodb';

/**
 * Config values are plain JSON (YAML); typed values such as dates and ObjectIds are written in Extended JSON
 * (`{"$date": "2024-01-01T00:00:00Z"}`, `{"$oid": "..."}`). Relaxed mode keeps ordinary numbers as numbers.
 * Throws on malformed values, including dates the driver would silently turn into Invalid Date.
 */
export function parseExtendedJson<T>(value: T): T {
  const parsed = BSON.EJSON.deserialize(value as BSON.Document, { relaxed: true }) as T;
  assertValidDates(parsed, '');
  return parsed;
}

function assertValidDates(value: unknown, path: string): void {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error(`${path || 'value'}: not a valid $date (use ISO-8601, e.g. 2024-01-01T00:00:00Z)`);
    return;
  }
  if (value === null || typeof value !== 'object' || '_bsontype' in value) return;
  for (const [key, item] of Object.entries(value)) assertValidDates(item, path ? `${path}.${key}` : key);
}
