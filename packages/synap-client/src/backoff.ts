import { setTimeout as delay } from 'node:timers/promises';
import type { RetryOptions, SleepFn } from './client-options.js';

/**
 * Delay before retry number `retry` (1 = the first retry): exponential from `baseDelayMs`, capped at
 * `maxDelayMs`, spread by ±`jitter` so many clients failing together do not come back in lockstep.
 */
export function backoffDelayMs(retry: number, policy: Required<RetryOptions>, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = capped * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(capped + spread)));
}

/**
 * Delay before retrying a 429. The server's Retry-After is a floor (never retry sooner); jitter is only
 * ever added on top of it. Without a usable Retry-After the ordinary backoff applies.
 */
export function rateLimitDelayMs(
  retryAfterMs: number | undefined,
  retry: number,
  policy: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  if (retryAfterMs === undefined) return backoffDelayMs(retry, policy, random);
  return Math.ceil(retryAfterMs + retryAfterMs * policy.jitter * random());
}

/** Parses a Retry-After header: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const defaultSleep: SleepFn = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : undefined);
};
