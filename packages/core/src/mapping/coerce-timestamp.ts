import { DateTime, Zone } from 'luxon';
import { CoercionError, preview } from './rejection.js';
import { zoneOffsets } from './zone-offsets.js';

/**
 * Epoch numbers are told apart by magnitude: |n| < 1e11 is seconds (up to the year 5138), 1e11 <= |n| < 1e14 is
 * milliseconds (from March 1973 on; earlier millisecond values would be misread as seconds), and anything
 * larger is refused as microseconds or nanoseconds, which would otherwise land tens of millennia away.
 */
export const EPOCH_SECONDS_BELOW = 1e11;
export const EPOCH_MILLIS_BELOW = 1e14;

const EPOCH_TEXT = /^[+-]?\d+(?:\.\d+)?$/;
const SPACE_SEPARATED = /^\d{4}-\d{2}-\d{2} \d/;
/**
 * A marker zone for parsing: luxon keeps it (with `setZone`) for text without an offset and switches to a fixed
 * offset zone for text with `Z` or an offset, which tells the two apart in one parse; for naive text the result
 * is then the wall clock as if UTC. Constant offset 0, so parsing never consults Intl (several times faster than
 * an IANA zone).
 */
class WallClockZone extends Zone {
  override get type(): string {
    return 'wall-clock';
  }
  override get name(): string {
    return 'wall-clock';
  }
  override get isUniversal(): boolean {
    return true;
  }
  override get isValid(): boolean {
    return true;
  }
  override offsetName(): string {
    return 'wall-clock';
  }
  override formatOffset(): string {
    return '+00:00';
  }
  override offset(): number {
    return 0;
  }
  override equals(other: Zone): boolean {
    return other === this;
  }
}

const wallClock = new WallClockZone();
const WALL_CLOCK = { zone: wallClock, setZone: true } as const;

/**
 * Reads a timestamp and returns it as UTC ISO-8601 with `Z` (millisecond precision).
 * Accepts Date, epoch seconds/milliseconds (number, bigint, digit string), ISO-8601 with `Z` or an offset, and
 * naive ISO/SQL text (`2024-03-10 02:30:00`, `2024-03-10T02:30`, `2024-03-10`), which is read in `zone`
 * (DST rules in `ZoneOffsets.localToEpoch`). Without a zone, naive text is refused rather than guessed.
 */
export function toUtcTimestamp(value: unknown, zone: string | undefined): string {
  if (value instanceof Date) return fromEpochMs(value.getTime(), value);
  if (typeof value === 'number') return fromEpochNumber(value, value);
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw outOfRange(value);
    return fromEpochNumber(Number(value), value);
  }
  if (typeof value === 'string') return fromText(value.trim(), zone, value);
  if (DateTime.isDateTime(value)) return fromEpochMs(value.toMillis(), value);
  throw new CoercionError(`${preview(value)} cannot be read as a timestamp`);
}

function fromEpochNumber(n: number, original: unknown): string {
  if (!Number.isFinite(n)) throw new CoercionError(`${preview(original)} is not a valid timestamp`);
  const magnitude = Math.abs(n);
  if (magnitude >= EPOCH_MILLIS_BELOW) {
    throw new CoercionError(
      `${preview(original)} is too large for epoch seconds or milliseconds (microseconds or nanoseconds?); ` +
        'convert it to seconds or milliseconds in the source query',
    );
  }
  return fromEpochMs(magnitude < EPOCH_SECONDS_BELOW ? Math.round(n * 1000) : n, original);
}

function fromText(text: string, zone: string | undefined, original: string): string {
  if (EPOCH_TEXT.test(text)) return fromEpochNumber(Number(text), original);
  const parsed = DateTime.fromISO(SPACE_SEPARATED.test(text) ? `${text.slice(0, 10)}T${text.slice(11)}` : text, WALL_CLOCK);
  if (parsed.isValid) {
    if (parsed.zone !== wallClock) return fromEpochMs(parsed.toMillis(), original);
    if (zone === undefined) {
      throw new CoercionError(
        `${preview(original)} has no UTC offset and no time zone is configured; set \`mapping.timezone\` ` +
          '(an IANA zone such as Europe/Berlin) or a field-level `timezone`',
      );
    }
    return fromEpochMs(zoneOffsets(zone).localToEpoch(parsed.toMillis()), original);
  }
  const rfc2822 = DateTime.fromRFC2822(text, { zone: 'utc' });
  if (rfc2822.isValid) return fromEpochMs(rfc2822.toMillis(), original);
  throw new CoercionError(
    `${preview(original)} is not a valid timestamp (expected ISO-8601 such as 2024-03-10T14:30:00Z, ` +
      'a naive 2024-03-10 14:30:00 read in mapping.timezone, or epoch seconds/milliseconds)',
  );
}

function fromEpochMs(ms: number, original: unknown): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year)) throw new CoercionError(`${preview(original)} is not a valid timestamp`);
  if (year < 1 || year > 9999) throw outOfRange(original);
  return date.toISOString();
}

function outOfRange(original: unknown): CoercionError {
  return new CoercionError(`${preview(original)} is outside the supported years 0001-9999`);
}
