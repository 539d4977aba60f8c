import { DateTime } from 'luxon';

/**
 * Reads a point in time from a record or config value, as epoch milliseconds.
 *
 * Accepted: Date, ISO-8601 and SQL-style strings (`2024-03-10 12:00:00`), RFC 2822, and epoch numbers
 * (milliseconds when |n| >= 1e11, else seconds, so both conventions of databases and JSON exports work;
 * digit strings of 9 or more digits count as epoch numbers).
 * Strings without a zone are read as UTC. Anything else is not a time: undefined.
 */
export function toEpochMillis(value: unknown): number | undefined {
  if (value instanceof Date) return finite(value.getTime());
  if (typeof value === 'number') return finite(Math.abs(value) >= 1e11 ? value : value * 1000);
  if (typeof value === 'bigint') return toEpochMillis(Number(value));
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  // Long digit strings are epoch numbers (CSV cells); short ones are ISO years or basic dates (2023, 20230310).
  if (/^-?\d{9,}(\.\d+)?$/.test(text)) return toEpochMillis(Number(text));
  for (const parse of PARSERS) {
    const parsed = parse(text);
    if (parsed.isValid) return parsed.toMillis();
  }
  return undefined;
}

const PARSERS = [
  (text: string) => DateTime.fromISO(text, { zone: 'utc' }),
  (text: string) => DateTime.fromSQL(text, { zone: 'utc' }),
  (text: string) => DateTime.fromRFC2822(text, { zone: 'utc' }),
];

function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Orders two values of an ordering field (timestamps, sequence numbers, sortable strings).
 * Numbers (and integer texts) compare numerically, times as instants, anything else as strings. Undefined
 * when either is missing.
 */
export function compareOrderValues(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (isNumeric(a) && isNumeric(b)) return Math.sign(Number(a) - Number(b));
  // Sequence numbers read from text files arrive as strings: "10" comes after "9".
  if (isIntegerText(a) && isIntegerText(b)) return Math.sign(Number(a) - Number(b));
  const ta = toEpochMillis(a);
  const tb = toEpochMillis(b);
  if (ta !== undefined && tb !== undefined) return Math.sign(ta - tb);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === 'number' || typeof value === 'bigint';
}

function isIntegerText(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d{1,15}$/.test(value);
}
