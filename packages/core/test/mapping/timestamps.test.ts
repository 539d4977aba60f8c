import { describe, expect, it } from 'vitest';
import { toUtcTimestamp } from '../../src/index.js';
import { mapOk, mapRejected } from './helpers.js';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('toUtcTimestamp: input kinds', () => {
  it('reads a Date', () => {
    expect(toUtcTimestamp(new Date(Date.UTC(2024, 2, 10, 14, 30, 5, 123)), undefined)).toBe('2024-03-10T14:30:05.123Z');
  });

  it('reads ISO-8601 with Z or an offset without needing a zone', () => {
    expect(toUtcTimestamp('2024-03-10T14:30:00Z', undefined)).toBe('2024-03-10T14:30:00.000Z');
    expect(toUtcTimestamp('2024-03-10T14:30:00+05:30', undefined)).toBe('2024-03-10T09:00:00.000Z');
    expect(toUtcTimestamp('2024-03-10T14:30:00-0800', undefined)).toBe('2024-03-10T22:30:00.000Z');
    // Postgres timestamptz text: space separator, hour-only offset, microseconds (truncated to milliseconds).
    expect(toUtcTimestamp('2024-03-10 14:30:00.123456+01', undefined)).toBe('2024-03-10T13:30:00.123Z');
  });

  it('an explicit offset wins over the configured zone', () => {
    expect(toUtcTimestamp('2024-07-01T12:00:00+00:00', NY)).toBe('2024-07-01T12:00:00.000Z');
  });

  it('reads naive SQL, ISO and date-only text in the configured zone', () => {
    expect(toUtcTimestamp('2024-01-15 09:00:00', BERLIN)).toBe('2024-01-15T08:00:00.000Z');
    expect(toUtcTimestamp('2024-07-15T09:00:00', BERLIN)).toBe('2024-07-15T07:00:00.000Z');
    expect(toUtcTimestamp('2024-07-15T09:00', NY)).toBe('2024-07-15T13:00:00.000Z');
    expect(toUtcTimestamp('2024-03-10', NY)).toBe('2024-03-10T05:00:00.000Z');
  });

  it('refuses naive text without a zone and says to set mapping.timezone', () => {
    for (const naive of ['2024-03-10 02:30:00', '2024-03-10T02:30:00', '2024-03-10']) {
      expect(() => toUtcTimestamp(naive, undefined)).toThrow(/no UTC offset.*mapping\.timezone/);
    }
  });

  it('reads epoch seconds and milliseconds by magnitude, as numbers, bigints and digit strings', () => {
    const expected = '2023-11-14T22:13:20.000Z';
    expect(toUtcTimestamp(1_700_000_000, undefined)).toBe(expected);
    expect(toUtcTimestamp(1_700_000_000_000, undefined)).toBe(expected);
    expect(toUtcTimestamp(1_700_000_000n, undefined)).toBe(expected);
    expect(toUtcTimestamp(1_700_000_000_000n, undefined)).toBe(expected);
    expect(toUtcTimestamp('1700000000', undefined)).toBe(expected);
    expect(toUtcTimestamp(' 1700000000000 ', undefined)).toBe(expected);
    expect(toUtcTimestamp(1_700_000_000.25, undefined)).toBe('2023-11-14T22:13:20.250Z');
    expect(toUtcTimestamp(-86_400, undefined)).toBe('1969-12-31T00:00:00.000Z');
  });

  it('puts the seconds/milliseconds boundary at 1e11', () => {
    expect(toUtcTimestamp(99_999_999_999, undefined)).toBe('5138-11-16T09:46:39.000Z');
    expect(toUtcTimestamp(100_000_000_000, undefined)).toBe('1973-03-03T09:46:40.000Z');
  });

  it('refuses microseconds, nanoseconds and bigints beyond 2^53', () => {
    expect(() => toUtcTimestamp(1_700_000_000_000_000, undefined)).toThrow(/microseconds or nanoseconds/);
    expect(() => toUtcTimestamp('1700000000000000000', undefined)).toThrow(/microseconds or nanoseconds/);
    expect(() => toUtcTimestamp(2n ** 60n, undefined)).toThrow(/outside the supported years/);
  });

  it('refuses invalid dates, quoting the value truncated', () => {
    expect(() => toUtcTimestamp('2024-02-30T10:00:00Z', undefined)).toThrow('"2024-02-30T10:00:00Z" is not a valid timestamp');
    expect(() => toUtcTimestamp(new Date(Number.NaN), undefined)).toThrow(/Invalid Date/);
    expect(() => toUtcTimestamp(Number.NaN, undefined)).toThrow(/not a valid timestamp/);
    expect(() => toUtcTimestamp(true, undefined)).toThrow(/cannot be read as a timestamp/);
    const long = `not a date ${'x'.repeat(200)}`;
    let message = '';
    try {
      toUtcTimestamp(long, BERLIN);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('"not a date xxx');
    expect(message).toContain('…');
    expect(message).not.toContain('x'.repeat(100));
  });
});

describe('toUtcTimestamp: daylight saving time', () => {
  // New York springs forward on 2024-03-10 at 02:00 EST to 03:00 EDT: 02:30 does not exist.
  it('moves a nonexistent local time forward by the gap (02:30 becomes 03:30 EDT)', () => {
    expect(toUtcTimestamp('2024-03-10 02:30:00', NY)).toBe('2024-03-10T07:30:00.000Z');
    expect(toUtcTimestamp('2024-03-10 03:30:00', NY)).toBe('2024-03-10T07:30:00.000Z');
    expect(toUtcTimestamp('2024-03-10 01:59:59', NY)).toBe('2024-03-10T06:59:59.000Z');
    // Berlin springs forward on 2024-03-31 at 02:00 CET to 03:00 CEST.
    expect(toUtcTimestamp('2024-03-31T02:30:00', BERLIN)).toBe('2024-03-31T01:30:00.000Z');
  });

  // New York falls back on 2024-11-03 at 02:00 EDT to 01:00 EST: 01:30 happens twice.
  it('resolves an ambiguous local time to the earlier instant (summer time), east and west of UTC alike', () => {
    expect(toUtcTimestamp('2024-11-03 01:30:00', NY)).toBe('2024-11-03T05:30:00.000Z');
    expect(toUtcTimestamp('2024-11-03 02:30:00', NY)).toBe('2024-11-03T07:30:00.000Z');
    // Berlin falls back on 2024-10-27 at 03:00 CEST to 02:00 CET: 02:30 happens twice.
    expect(toUtcTimestamp('2024-10-27 02:30:00', BERLIN)).toBe('2024-10-27T00:30:00.000Z');
    expect(toUtcTimestamp('2024-10-27 03:30:00', BERLIN)).toBe('2024-10-27T02:30:00.000Z');
  });

  it('maps every existing local time back to an instant showing that wall clock (cached offsets agree with Intl)', () => {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: BERLIN,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const instants: number[] = [];
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 53 * 3_600_000 + 13 * 60_000) instants.push(ms);
    for (const transition of [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1)]) {
      for (let ms = transition - 86_400_000; ms < transition + 86_400_000; ms += 20 * 60_000) instants.push(ms);
    }
    for (const ms of instants) {
      const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
      const local = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:00`;
      const utc = toUtcTimestamp(local, BERLIN);
      // Every existing local time maps back to an instant that shows that same wall clock.
      const back = Object.fromEntries(formatter.formatToParts(new Date(utc)).map((p) => [p.type, p.value]));
      expect(`${back.year}-${back.month}-${back.day} ${back.hour}:${back.minute}:00`).toBe(local);
    }
  });
});

describe('timestamps in a mapping', () => {
  it('document_created_at uses mapping.timezone; a field-level timezone overrides it', () => {
    const request = mapOk(
      {
        timezone: BERLIN,
        document: '{{ text }}',
        document_created_at: '{{ created_at }}',
        metadata: {
          local: { field: 'created_at', type: 'timestamp' },
          in_new_york: { field: 'created_at', type: 'timestamp', timezone: NY },
        },
      },
      { text: 'hi', created_at: '2024-01-15 09:00:00' },
    );
    expect(request.document_created_at).toBe('2024-01-15T08:00:00.000Z');
    expect(request.metadata).toEqual({ local: '2024-01-15T08:00:00.000Z', in_new_york: '2024-01-15T14:00:00.000Z' });
  });

  it('a single-variable template keeps the raw Date, number and bigint', () => {
    const config = { document: '{{ text }}', document_created_at: '{{ at }}' };
    const at = new Date(Date.UTC(2024, 5, 1, 12));
    expect(mapOk(config, { text: 'x', at }).document_created_at).toBe('2024-06-01T12:00:00.000Z');
    expect(mapOk(config, { text: 'x', at: 1_717_243_200 }).document_created_at).toBe('2024-06-01T12:00:00.000Z');
    expect(mapOk(config, { text: 'x', at: 1_717_243_200_000n }).document_created_at).toBe('2024-06-01T12:00:00.000Z');
  });

  it('rejects a naive value when no zone is configured, telling to set mapping.timezone', () => {
    const rejection = mapRejected({ document: '{{ text }}', document_created_at: { field: 'at' } }, { text: 'x', at: '2024-03-10 02:30:00' });
    expect(rejection.field).toBe('document_created_at');
    expect(rejection.message).toMatch(/^document_created_at: "2024-03-10 02:30:00" has no UTC offset.*set `mapping\.timezone`/);
  });

  it('rejects an invalid date naming the field and the value', () => {
    const rejection = mapRejected(
      { document: '{{ text }}', metadata: { when: { field: 'at', type: 'timestamp' } } },
      { text: 'x', at: 'yesterday-ish' },
    );
    expect(rejection.field).toBe('metadata.when');
    expect(rejection.message).toContain('metadata.when: "yesterday-ish" is not a valid timestamp');
  });

  it('a multi-part template is rendered first, then read as a timestamp', () => {
    const request = mapOk(
      { timezone: NY, document: '{{ text }}', document_created_at: '{{ day }} {{ time }}' },
      { text: 'x', day: '2024-03-10', time: '02:30:00' },
    );
    expect(request.document_created_at).toBe('2024-03-10T07:30:00.000Z');
  });
});
