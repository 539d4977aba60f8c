/** Returned by a field path when the record lacks the field (as opposed to holding null). */
export const MISSING: unique symbol = Symbol('missing');

export type FieldReader = (data: Record<string, unknown>) => unknown;

/**
 * Compiles a dot path (`org.id`, `messages.0.text`) into a reader. Only own properties are read (no prototype
 * lookups such as `constructor`). A key that literally contains the dots (a SQL alias `"org.id"`) wins over
 * the nested walk. A null or undefined on the way yields that value, like SQL NULL propagation; a missing key
 * yields `MISSING`.
 */
export function compileFieldPath(path: string): FieldReader {
  const segments = path.split('.');
  if (segments.length === 1) return (data) => (Object.hasOwn(data, path) ? data[path] : MISSING);
  return (data) => {
    if (Object.hasOwn(data, path)) return data[path];
    let current: unknown = data;
    for (const segment of segments) {
      if (current === null || current === undefined) return current;
      if (typeof current !== 'object' || !Object.hasOwn(current, segment)) return MISSING;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  };
}
