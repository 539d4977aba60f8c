/**
 * Why one record cannot be mapped. Thrown inside the mapper only and turned into a `MapResult`, so a bad
 * record is rejected and the run goes on. `field` is the request path (`document_created_at`, `metadata.turn`).
 */
export class FieldRejection extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'FieldRejection';
    this.field = field;
  }
}

/** A value problem found by a coercion, before the field it belongs to is known. */
export class CoercionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoercionError';
  }
}

const PREVIEW_LENGTH = 60;

/** A short, single-line rendering of a record value for messages; long values are truncated. */
export function preview(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else text = safeJson(value);
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The record's field names, to help spot a typo'd path; capped so wide rows keep messages short. */
export function fieldList(data: Record<string, unknown>): string {
  const keys = Object.keys(data);
  const shown = keys.slice(0, 15).join(', ');
  return keys.length > 15 ? `${shown}, … (${keys.length} fields)` : shown || '(none)';
}
