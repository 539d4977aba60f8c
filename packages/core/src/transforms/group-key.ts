import { readField, scalarText } from './field-path.js';

export type GroupKeyReading = { key: string } | { field: string; reason: string };

/**
 * The key of a record's group, from one or several fields. One field gives its text as-is; several are joined
 * by `:` with `%` and `:` escaped inside each value, so two different tuples never make the same key (and the
 * `:<window>` suffix of document keys stays unambiguous).
 */
export function readGroupKey(data: Record<string, unknown>, fields: readonly string[]): GroupKeyReading {
  const parts: string[] = [];
  for (const field of fields) {
    const value = readField(data, field);
    if (value === undefined || value === null || value === '') {
      return { field, reason: `group key field ${field} is missing, so the record belongs to no conversation` };
    }
    const text = scalarText(value);
    if (text === undefined) return { field, reason: `group key field ${field} is not a scalar value` };
    parts.push(text);
  }
  if (parts.length === 1) return { key: parts[0]! };
  return { key: parts.map((part) => part.replaceAll('%', '%25').replaceAll(':', '%3A')).join(':') };
}

/** How a key is named in messages: `conversation_id 'c-1'`. */
export function describeKey(fields: readonly string[], key: string): string {
  const name = fields.length === 1 ? fields[0]! : `(${fields.join(', ')})`;
  return `${name} '${key}'`;
}
