import type { JsonValue } from '../json.js';
import { CoercionError, preview } from './rejection.js';

const UNSAFE_HINT =
  'read the column as text or bigint instead (Postgres: cast to ::text; mysql2: supportBigNumbers with bigNumberStrings)';

/**
 * Text for request fields and string metadata. Numbers and bigints become decimal strings; an integer beyond
 * 2^53 arriving as a JS number has already lost digits, so it is refused rather than sent wrong.
 */
export function toText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'number':
      return numberToText(value);
    case 'object':
      return objectToText(value);
    default:
      throw new CoercionError(`${preview(value)} cannot be used as text`);
  }
}

/** Ids: text, trimmed. */
export function toId(value: unknown): string {
  return toText(value).trim();
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new CoercionError(`${preview(value)} is not a finite number`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new CoercionError(`${preview(value)} is an integer beyond 2^53 that lost precision as a JS number; ${UNSAFE_HINT}`);
  }
  return String(value);
}

function objectToText(value: object | null): string {
  if (value === null) throw new CoercionError('null cannot be used as text');
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CoercionError('Invalid Date cannot be used as text');
    return value.toISOString();
  }
  if (ArrayBuffer.isView(value)) {
    throw new CoercionError('binary data cannot be used as text; use `type: uuid` for 16-byte ids, or convert it in the source query');
  }
  // Driver value classes (MongoDB ObjectId, Decimal128) print themselves; plain objects and arrays do not.
  const proto: unknown = Object.getPrototypeOf(value);
  const custom = proto !== Object.prototype && proto !== null && !Array.isArray(value) && value.toString !== Object.prototype.toString;
  if (custom) return String(value);
  throw new CoercionError(
    `${preview(value)} is an object; pick a field inside it (\`field: a.b\`), or use \`type: json\` where objects are allowed`,
  );
}

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function toNumber(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CoercionError(`${preview(value)} is not a finite number`);
    return value;
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new CoercionError(`${preview(value)} is beyond 2^53 and cannot be a JSON number without losing digits; use \`type: string\``);
    return n;
  }
  const text = typeof value === 'string' ? value.trim() : typeof value === 'object' && value !== null ? safeText(value) : undefined;
  if (text !== undefined && NUMERIC_TEXT.test(text)) {
    const n = Number(text);
    const lostDigits = Number.isInteger(n) && !Number.isSafeInteger(n) && !/e/i.test(text);
    if (Number.isFinite(n) && !lostDigits) return n;
    throw new CoercionError(`${preview(value)} cannot be a JSON number without losing digits; use \`type: string\``);
  }
  throw new CoercionError(`${preview(value)} is not a number`);
}

function safeText(value: object): string | undefined {
  try {
    return objectToText(value);
  } catch {
    return undefined;
  }
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/** Booleans, 0/1 (MySQL tinyint), and true/false, t/f, yes/no, y/n text (any case). */
export function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1 || value === 0n || value === 1n) return value === 1 || value === 1n;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw new CoercionError(`${preview(value)} is not a boolean (expected true/false, 1/0, yes/no)`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A canonical UUID in lower case; 16-byte binary values (BINARY(16), BSON UUID) are formatted. */
export function toUuid(value: unknown): string {
  if (value instanceof Uint8Array && value.length === 16) {
    const hex = Buffer.from(value.buffer, value.byteOffset, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = typeof value === 'string' ? value.trim() : typeof value === 'object' && value !== null ? safeText(value) : undefined;
  if (text !== undefined && UUID.test(text)) return text.toLowerCase();
  throw new CoercionError(`${preview(value)} is not a UUID (expected 8-4-4-4-12 hex digits)`);
}

const MAX_DEPTH = 64;

/**
 * A JSON-safe copy of a structured value: Date → ISO-8601 UTC, bigint → number when safe else decimal string,
 * driver objects through their `toJSON`, undefined object entries dropped. Strings stay strings (not parsed).
 */
export function toJson(value: unknown, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) throw new CoercionError(`value is nested more than ${MAX_DEPTH} levels deep (a cycle?)`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CoercionError(`${preview(value)} is not a finite number`);
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'object':
      return objectToJson(value, depth);
    default:
      throw new CoercionError(`${preview(value)} cannot be stored as JSON`);
  }
}

function objectToJson(value: object | null, depth: number): JsonValue {
  if (value === null) return null;
  if (value instanceof Date) return objectToText(value);
  if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined ? null : toJson(item, depth + 1)));
  if (ArrayBuffer.isView(value)) return objectToText(value);
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return toJson((withToJson.toJSON as () => unknown).call(value), depth + 1);
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = toJson(item, depth + 1);
  }
  return out;
}
