import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter, rateLimitDelayMs } from '../src/index.js';

const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.25 };
const noJitter = { ...policy, jitter: 0 };

describe('backoff', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, noJitter))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('spreads delays by at most the jitter fraction, both ways', () => {
    expect(backoffDelayMs(2, policy, () => 0)).toBe(1500);
    expect(backoffDelayMs(2, policy, () => 0.999999)).toBe(2500);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(3, policy);
      expect(delay).toBeGreaterThanOrEqual(3000);
      expect(delay).toBeLessThanOrEqual(5000);
    }
  });

  it('never exceeds the cap even with jitter', () => {
    expect(backoffDelayMs(10, policy, () => 0.999999)).toBe(10_000);
  });

  it('never retries a 429 before Retry-After, even past the backoff cap', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999]) {
      expect(rateLimitDelayMs(1000, 1, policy, random)).toBeGreaterThanOrEqual(1000);
      expect(rateLimitDelayMs(30_000, 1, policy, random)).toBeGreaterThanOrEqual(30_000);
    }
  });

  it('falls back to backoff for a 429 without Retry-After', () => {
    expect(rateLimitDelayMs(undefined, 2, noJitter)).toBe(2000);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(['2', '9'])).toBe(2000);
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
