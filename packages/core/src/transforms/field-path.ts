/**
 * Field access by name or dotted path (`meta.channel`), as the transforms config spells fields.
 * A key that literally contains dots wins over the path reading, so flat column names like `a.b` still work.
 */
export function readField(data: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(data, path)) return data[path];
  if (!path.includes('.')) return undefined;
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Returns a copy of `data` with the field at `path` set; objects along the path are copied, never mutated. */
export function writeField(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  if (Object.hasOwn(data, path) || !path.includes('.')) return { ...data, [path]: value };
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const child = data[head];
  const base = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...data, [head]: writeField(base, rest.join('.'), value) };
}

/** Missing, null, a blank string or an empty array: nothing worth sending. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * A scalar as it appears in keys and messages: strings as-is, numbers and booleans printed, dates in ISO-8601,
 * objects that print themselves (a MongoDB ObjectId) by their own `toString`. Undefined for anything else.
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value !== null && typeof value === 'object' && value.toString !== Object.prototype.toString) {
    return String(value);
  }
  return undefined;
}
