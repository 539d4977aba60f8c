import { DEFAULT_BASE_URL, DEFAULT_PATH_PREFIX } from './contract.js';
import { SynapAuthError, SynapConfigError } from './errors.js';

/** Waits `ms` milliseconds; rejects when `signal` aborts. Injected in tests to observe and shorten waits. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Total tries per call, the first one included. @default 3 */
  attempts?: number;
  /** Delay before the first retry; doubles on each further retry. @default 1000 */
  baseDelayMs?: number;
  /** Upper bound of a backoff delay (a server's Retry-After is honoured even when longer). @default 10000 */
  maxDelayMs?: number;
  /** Relative random spread of each backoff delay, 0..1 (0.25 = up to ±25%). @default 0.25 */
  jitter?: number;
}

export interface SynapClientOptions {
  /** Falls back to env `SYNAP_BASE_URL`, then `DEFAULT_BASE_URL`. May carry a path (`https://proxy/synap`). */
  baseUrl?: string;
  /** Falls back to env `SYNAP_API_KEY`. Required: the client refuses to start without one. */
  apiKey?: string;
  /** Falls back to env `SYNAP_INSTANCE_ID` (`inst_` + 16 hex chars). Sent as `X-Instance-ID`. */
  instanceId?: string;
  /** Sent as `X-Client-ID`; may be empty. */
  clientId?: string;
  /** Prefix of the memory endpoints. @default '/api/v1' */
  pathPrefix?: string;
  /** Per-attempt timeout, from sending the request to reading the whole response. @default 30000 */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Keep-alive connections to the Synap host. @default 8 */
  connections?: number;
  /** @default a timer-based sleep that honours the abort signal */
  sleep?: SleepFn;
  /** Source of randomness for jitter, in [0, 1). @default Math.random */
  random?: () => number;
}

export interface ResolvedClientOptions {
  baseUrl: string;
  apiKey: string;
  instanceId: string;
  clientId: string;
  pathPrefix: string;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  connections: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.25 };
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECTIONS = 8;

type Env = Record<string, string | undefined>;

/**
 * Fills options from the environment and defaults, and checks them. Explicit options win over env vars;
 * empty strings count as absent. Throws `SynapAuthError` when no API key is found, before any request.
 */
export function resolveClientOptions(partial: SynapClientOptions = {}, env: Env = process.env): ResolvedClientOptions {
  const apiKey = nonEmpty(partial.apiKey) ?? nonEmpty(env.SYNAP_API_KEY);
  if (!apiKey) {
    throw new SynapAuthError('no Synap API key: set SYNAP_API_KEY or the `apiKey` option');
  }
  const baseUrl = (nonEmpty(partial.baseUrl) ?? nonEmpty(env.SYNAP_BASE_URL) ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  assertHttpUrl(baseUrl);
  const retry = { ...DEFAULT_RETRY, ...definedOnly(partial.retry ?? {}) };
  assertInteger('retry.attempts', retry.attempts, 1);
  assertNumber('retry.baseDelayMs', retry.baseDelayMs, 0);
  assertNumber('retry.maxDelayMs', retry.maxDelayMs, 0);
  if (!(retry.jitter >= 0 && retry.jitter <= 1)) throw new SynapConfigError('retry.jitter must be between 0 and 1');
  const timeoutMs = partial.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  assertNumber('timeoutMs', timeoutMs, 1);
  const connections = partial.connections ?? DEFAULT_CONNECTIONS;
  assertInteger('connections', connections, 1);
  return {
    baseUrl,
    apiKey,
    instanceId: nonEmpty(partial.instanceId) ?? nonEmpty(env.SYNAP_INSTANCE_ID) ?? '',
    clientId: partial.clientId ?? '',
    pathPrefix: normalizePrefix(partial.pathPrefix ?? DEFAULT_PATH_PREFIX),
    timeoutMs,
    retry,
    connections,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function assertHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself is not echoed: it may carry credentials.
    throw new SynapConfigError('the Synap base URL is not a valid URL (check SYNAP_BASE_URL / baseUrl)');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SynapConfigError(`the Synap base URL must use http or https, not ${parsed.protocol}`);
  }
}

function assertNumber(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) throw new SynapConfigError(`${name} must be a number >= ${min}`);
}

function assertInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new SynapConfigError(`${name} must be an integer >= ${min}`);
}
