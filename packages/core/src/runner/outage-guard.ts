import { EtlError } from '../errors.js';
import type { BatchResult } from '../pipeline-types.js';

/**
 * Synap unreachable for several batches in a row (every document failed after the client's retries): the run
 * stops instead of marking the rest of the source failed.
 */
export class OutageGuard {
  readonly #limit: number;
  #streak = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Returns the error that stops the run once the streak reaches the limit. */
  observe(result: BatchResult): EtlError | undefined {
    const allFailed = result.items.length > 0 && result.items.every((item) => item.status === 'failed');
    this.#streak = allFailed ? this.#streak + 1 : 0;
    if (this.#streak < this.#limit) return undefined;
    const first = result.items[0];
    return new EtlError('SYNAP_UNAVAILABLE', `${this.#streak} batches in a row failed after retries; stopping the run`, {
      hint: `last error: ${first && 'reason' in first ? first.reason : 'unknown'}. Their records are recorded as failed: run again later to continue from the checkpoint, then \`etl retry\` re-drives the failed records`,
    });
  }
}
