import { DateTime } from 'luxon';

/**
 * Timestamps arrive from the drivers as text, never as JS Dates: a Date keeps milliseconds only and
 * reads naive values in the machine's zone. These functions turn that text into exact ISO-8601 UTC
 * instants with microseconds (`2024-03-10T07:30:00.123456Z`), keeping every fractional digit the database sent.
 */

const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

interface TimestampParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  /** Seconds east of UTC when the text carried an offset. */
  offsetSeconds: number | undefined;
}

function parseTimestampText(text: string): TimestampParts | undefined {
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zulu, sign, oh, om = '0', os = '0'] = match;
  const parts: TimestampParts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    fraction,
    offsetSeconds: undefined,
  };
  if (zulu) parts.offsetSeconds = 0;
  else if (sign) {
    const magnitude = Number(oh) * 3600 + Number(om) * 60 + Number(os);
    parts.offsetSeconds = sign === '-' ? -magnitude : magnitude;
  }
  // MySQL zero dates ('0000-00-00 00:00:00') and other impossible values are not instants.
  if (parts.year === 0 || parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31) return undefined;
  if (parts.hour > 24 || parts.minute > 59 || parts.second > 60) return undefined;
  return parts;
}

/** Milliseconds since the epoch of the wall-clock fields read as UTC (seconds precision). */
function wallClockAsUtcMillis(parts: TimestampParts): number {
  const date = new Date(0);
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute, parts.second, 0);
  return date.getTime();
}

function formatInstant(epochMillis: number, fraction: string): string | undefined {
  const date = new Date(epochMillis);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  const digits = fraction.padEnd(6, '0');
  return `${iso.slice(0, iso.indexOf('.'))}.${digits}Z`;
}

/**
 * A timestamp text with an offset (Postgres `timestamptz` output such as `2024-03-10 02:30:00.123456+05:30`)
 * as an ISO UTC instant: `2024-03-09T21:00:00.123456Z`. Text it cannot read (`infinity`, BC dates) is
 * returned unchanged.
 */
export function instantTextToIso(text: string): string {
  const parts = parseTimestampText(text);
  if (!parts || parts.offsetSeconds === undefined) return text;
  const millis = wallClockAsUtcMillis(parts) - parts.offsetSeconds * 1000;
  return formatInstant(millis, parts.fraction) ?? text;
}

/**
 * A naive timestamp text (no offset: Postgres `timestamp`, MySQL `DATETIME`) read as wall-clock time in
 * `zone`, as an ISO UTC instant. DST follows the database convention: a time skipped by a spring-forward
 * change is read as if the clock had not moved yet (02:30 on 2024-03-10 in America/New_York is 07:30Z),
 * and a time that occurs twice at fall-back is read with the offset after the change (01:30 on 2024-11-03
 * in America/New_York is 06:30Z). Text it cannot read (zero dates, `infinity`) is returned unchanged.
 */
export function naiveTextToIso(text: string, zone: string): string {
  const parts = parseTimestampText(text);
  if (!parts) return text;
  if (parts.offsetSeconds !== undefined) return instantTextToIso(text);
  if (isUtc(zone)) return formatInstant(wallClockAsUtcMillis(parts), parts.fraction) ?? text;
  const local = DateTime.fromObject(
    {
      year: parts.year,
      month: parts.month,
      day: parts.day,
      hour: parts.hour,
      minute: parts.minute,
      second: parts.second,
    },
    { zone },
  );
  if (!local.isValid) return text;
  return formatInstant(local.toMillis(), parts.fraction) ?? text;
}

/** A naive timestamp text in ISO form (`T` separator), the way positions keep it: no zone is applied. */
export function naiveTextToIsoLocal(text: string): string {
  return TIMESTAMP_TEXT.test(text) ? text.replace(' ', 'T') : text;
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Z';
}

/** True for IANA names (`Europe/Paris`), `UTC` and fixed offsets luxon understands (`UTC+2`). */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
