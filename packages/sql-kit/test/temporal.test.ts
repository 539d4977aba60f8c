import { afterEach, describe, expect, it } from 'vitest';
import { instantTextToIso, isValidTimeZone, naiveTextToIso, naiveTextToIsoLocal } from '../src/temporal.js';

const machineZone = process.env.TZ;
afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

describe('instantTextToIso', () => {
  it('moves any offset to UTC and keeps microseconds', () => {
    expect(instantTextToIso('2024-03-10 02:30:00.123456-05')).toBe('2024-03-10T07:30:00.123456Z');
    expect(instantTextToIso('2024-01-01 05:29:59.9+05:30')).toBe('2023-12-31T23:59:59.900000Z');
    expect(instantTextToIso('2024-06-01 12:00:00+00')).toBe('2024-06-01T12:00:00.000000Z');
  });

  it('handles offsets with seconds (historical local mean time) and dates across a year boundary', () => {
    expect(instantTextToIso('1901-01-01 00:00:00+00:19:32')).toBe('1900-12-31T23:40:28.000000Z');
    expect(instantTextToIso('2000-01-01 00:30:00.000001+01')).toBe('1999-12-31T23:30:00.000001Z');
  });

  it('leaves text that is not an instant unchanged', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', 'not a date']) {
      expect(instantTextToIso(text)).toBe(text);
    }
  });
});

describe('naiveTextToIso', () => {
  it('reads wall-clock text in the given zone across both DST changes', () => {
    const zone = 'America/New_York';
    expect(naiveTextToIso('2024-03-10 01:59:59.999999', zone)).toBe('2024-03-10T06:59:59.999999Z');
    expect(naiveTextToIso('2024-03-10 02:30:00', zone)).toBe('2024-03-10T07:30:00.000000Z');
    expect(naiveTextToIso('2024-03-10 03:00:00', zone)).toBe('2024-03-10T07:00:00.000000Z');
    expect(naiveTextToIso('2024-11-03 00:59:59', zone)).toBe('2024-11-03T04:59:59.000000Z');
    expect(naiveTextToIso('2024-11-03 01:30:00', zone)).toBe('2024-11-03T06:30:00.000000Z');
    expect(naiveTextToIso('2024-11-03 02:00:00', zone)).toBe('2024-11-03T07:00:00.000000Z');
  });

  it('does not depend on the machine zone', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    expect(naiveTextToIso('2024-07-01 12:00:00.5', 'UTC')).toBe('2024-07-01T12:00:00.500000Z');
    expect(naiveTextToIso('2024-07-01 12:00:00.5', 'Europe/Paris')).toBe('2024-07-01T10:00:00.500000Z');
  });

  it('leaves MySQL zero dates and other non-dates unchanged', () => {
    expect(naiveTextToIso('0000-00-00 00:00:00', 'UTC')).toBe('0000-00-00 00:00:00');
    expect(naiveTextToIso('2024-13-01 00:00:00', 'Europe/Paris')).toBe('2024-13-01 00:00:00');
  });
});

describe('positions and zones', () => {
  it('keeps naive position text as written, with a T separator', () => {
    expect(naiveTextToIsoLocal('2024-11-03 01:30:00.000001')).toBe('2024-11-03T01:30:00.000001');
  });

  it('knows valid zone names', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
