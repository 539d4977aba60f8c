/** A bounded set of running tasks: `add` waits while the set is full, which is what pushes back on the reader. */
export class InFlight {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  async add(task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const promise: Promise<void> = task().finally(() => this.#running.delete(promise));
    this.#running.add(promise);
  }

  get size(): number {
    return this.#running.size;
  }

  /** Resolves when all running tasks have ended, or after `timeoutMs`; tells which happened. */
  async settle(timeoutMs = Number.POSITIVE_INFINITY): Promise<'settled' | 'timeout'> {
    const all = Promise.allSettled([...this.#running]).then(() => 'settled' as const);
    if (!Number.isFinite(timeoutMs)) return all;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
