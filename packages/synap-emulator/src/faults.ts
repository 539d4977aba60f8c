import { EmulatorConfigError } from './errors.js';
import { seededRandom } from './prng.js';

type CountedFault = 'rateLimit' | 'serverError' | 'dropAfterAccept';

/**
 * When a fault fires: first on the next `count` eligible requests, then at random with probability `rate`
 * (0..1). Both may be set; neither means never.
 */
export interface FaultRule {
  count?: number;
  rate?: number;
}

/** Faults apply to the memory endpoints only (batch, create, status), never to `/health` or `/_emulator/*`. */
export interface FaultOptions {
  /** Seeds the random draws; without it each emulator draws differently. */
  seed?: number;
  /** Added before every memory request is handled. */
  latencyMs?: number;
  /** Answer 429. `retryAfterSeconds: null` sends no Retry-After header. @default retryAfterSeconds 1 */
  rateLimit?: FaultRule & { retryAfterSeconds?: number | null };
  /** Answer a 5xx without handling the request. @default status 503 */
  serverError?: FaultRule & { status?: number };
  /**
   * The dangerous case: the write is handled and stored, then the socket is destroyed before any response
   * byte, so the client cannot know it succeeded.
   */
  dropAfterAccept?: FaultRule;
}

/** Decides, request by request, which fault to inject. One instance per `setFaults` call. */
export class FaultInjector {
  readonly options: Readonly<FaultOptions>;
  readonly #random: () => number;
  readonly #remaining: Record<CountedFault, number>;

  constructor(options: FaultOptions = {}) {
    validate(options);
    this.options = options;
    this.#random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.#remaining = {
      rateLimit: options.rateLimit?.count ?? 0,
      serverError: options.serverError?.count ?? 0,
      dropAfterAccept: options.dropAfterAccept?.count ?? 0,
    };
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** A 429 to send now, or undefined. */
  rateLimit(): { retryAfterSeconds: number | null } | undefined {
    const rule = this.options.rateLimit;
    if (!rule || !this.#fires('rateLimit', rule)) return undefined;
    return { retryAfterSeconds: rule.retryAfterSeconds === undefined ? 1 : rule.retryAfterSeconds };
  }

  /** A 5xx status to send now, or undefined. */
  serverError(): number | undefined {
    const rule = this.options.serverError;
    if (!rule || !this.#fires('serverError', rule)) return undefined;
    return rule.status ?? 503;
  }

  /** Whether to drop the connection of a write that was just accepted. */
  dropAfterAccept(): boolean {
    const rule = this.options.dropAfterAccept;
    return rule !== undefined && this.#fires('dropAfterAccept', rule);
  }

  #fires(name: CountedFault, rule: FaultRule): boolean {
    if (this.#remaining[name] > 0) {
      this.#remaining[name]--;
      return true;
    }
    return rule.rate !== undefined && rule.rate > 0 && this.#random() < rule.rate;
  }

  /** Faults still owed by `count` rules (for stats and tests). */
  get remaining(): Record<CountedFault, number> {
    return { ...this.#remaining };
  }
}

function validate(options: FaultOptions): void {
  for (const [name, rule] of [
    ['rateLimit', options.rateLimit],
    ['serverError', options.serverError],
    ['dropAfterAccept', options.dropAfterAccept],
  ] as const) {
    if (rule?.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new EmulatorConfigError(`faults.${name}.rate must be in 0..1`);
    if (rule?.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 0)) {
      throw new EmulatorConfigError(`faults.${name}.count must be a non-negative integer`);
    }
  }
  const status = options.serverError?.status;
  if (status !== undefined && !(Number.isInteger(status) && status >= 500 && status <= 599)) {
    throw new EmulatorConfigError('faults.serverError.status must be a 5xx status');
  }
  if (options.latencyMs !== undefined && !(options.latencyMs >= 0)) throw new EmulatorConfigError('faults.latencyMs must be >= 0');
}
