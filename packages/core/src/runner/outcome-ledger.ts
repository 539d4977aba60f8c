import type { RecordOutcome, RecordStatus, RunCounts, SourceRef } from '../pipeline-types.js';
import { emptyCounts } from '../pipeline-types.js';

/** When one record became several documents, the record takes the least successful status of its parts. */
const SEVERITY: Record<RecordStatus, number> = {
  already_present: 0,
  delivered: 1,
  filtered: 2,
  rejected: 3,
  failed: 4,
};

type Details = Omit<RecordOutcome, 'position' | 'key' | 'status' | 'previous'>;

/**
 * Accounts every source record exactly once: collects outcomes for the state store and keeps the run counts.
 * Parts of a record (unwound windows) are held until all are settled; only records in flight are held.
 */
export class OutcomeLedger {
  readonly counts: RunCounts = emptyCounts();
  #pending: RecordOutcome[] = [];
  readonly #parts = new Map<string, { settled: number; outcome: RecordOutcome }>();

  settle(refs: readonly SourceRef[], status: RecordStatus, details: Details = {}): void {
    for (const ref of refs) {
      const outcome: RecordOutcome = { position: ref.position, key: ref.key, status, ...details };
      if (ref.previous !== undefined) outcome.previous = ref.previous;
      if (ref.part && ref.part.count > 1) this.#settlePart(ref, outcome);
      else this.#accept(outcome);
    }
  }

  /** Outcomes not yet handed to the state store. */
  drain(): RecordOutcome[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  get pendingParts(): number {
    return this.#parts.size;
  }

  #settlePart(ref: SourceRef, outcome: RecordOutcome): void {
    const part = ref.part as { index: number; count: number };
    const seen = this.#parts.get(ref.key);
    const worst = seen && SEVERITY[seen.outcome.status] >= SEVERITY[outcome.status] ? seen.outcome : outcome;
    const settled = (seen?.settled ?? 0) + 1;
    if (settled >= part.count) {
      this.#parts.delete(ref.key);
      this.#accept({ ...worst, position: ref.position, key: ref.key });
    } else {
      this.#parts.set(ref.key, { settled, outcome: worst });
    }
  }

  #accept(outcome: RecordOutcome): void {
    this.counts[outcome.status] += 1;
    this.#pending.push(outcome);
  }
}
