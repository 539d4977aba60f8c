import { describe, expect, it } from 'vitest';
import { compareOrderValues, toEpochMillis } from '../../src/transforms/time-value.js';

describe('toEpochMillis', () => {
  it('reads the time formats sources hand out', () => {
    const at = Date.UTC(2024, 2, 10, 12, 0, 0);
    expect(toEpochMillis(new Date(at))).toBe(at);
    expect(toEpochMillis('2024-03-10T12:00:00Z')).toBe(at);
    expect(toEpochMillis('2024-03-10T13:00:00+01:00')).toBe(at);
    expect(toEpochMillis('2024-03-10 12:00:00')).toBe(at);
    expect(toEpochMillis('Sun, 10 Mar 2024 12:00:00 +0000')).toBe(at);
    expect(toEpochMillis(at / 1000)).toBe(at);
    expect(toEpochMillis(at)).toBe(at);
    expect(toEpochMillis(String(at / 1000))).toBe(at);
    expect(toEpochMillis(BigInt(at))).toBe(at);
    expect(toEpochMillis('2023')).toBe(Date.UTC(2023, 0, 1));
  });
  it('refuses what is not a time', () => {
    for (const value of ['yesterday', '', '   ', null, undefined, {}, new Date('nope'), true]) expect(toEpochMillis(value)).toBeUndefined();
  });
});

describe('compareOrderValues', () => {
  it('orders numbers, integer texts, times and strings', () => {
    expect(compareOrderValues(9, 10)).toBe(-1);
    expect(compareOrderValues('10', '9')).toBe(1);
    expect(compareOrderValues('2024-03-10T12:00:00Z', new Date('2024-03-10T11:00:00Z'))).toBe(1);
    expect(compareOrderValues('b', 'a')).toBe(1);
    expect(compareOrderValues('a', 'a')).toBe(0);
    expect(compareOrderValues(undefined, 1)).toBeUndefined();
  });
});
