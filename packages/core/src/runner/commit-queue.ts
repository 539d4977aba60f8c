import type { CheckpointTracker } from '../checkpoint-tracker.js';
import type { Position } from '../source.js';
import type { OutcomeLedger } from './outcome-ledger.js';
import type { OutcomeRecorder } from './types.js';

/**
 * Hands new outcomes and checkpoint moves to the recorder, one commit at a time and in order, so the state
 * store never sees overlapping writes. The checkpoint handed over is the tracker's safe one: never past a record
 * whose batch is unacknowledged.
 */
export class CommitQueue {
  readonly #tracker: CheckpointTracker;
  readonly #ledger: OutcomeLedger;
  readonly #recorder: OutcomeRecorder | undefined;
  readonly #onError: (error: unknown) => void;
  /** The last checkpoint handed over for recording. */
  #checkpoint: Position | undefined;
  /** The last checkpoint the recorder confirmed. */
  #durable: Position | undefined;
  #failed = false;
  #recording: Promise<void> = Promise.resolve();

  constructor(options: {
    tracker: CheckpointTracker;
    ledger: OutcomeLedger;
    recorder: OutcomeRecorder | undefined;
    start: Position | undefined;
    onError: (error: unknown) => void;
  }) {
    this.#tracker = options.tracker;
    this.#ledger = options.ledger;
    this.#recorder = options.recorder;
    this.#checkpoint = options.start;
    this.#durable = options.start;
    this.#onError = options.onError;
  }

  /** The last checkpoint the recorder stored (or the start position; without a recorder, the last one reached). */
  get checkpoint(): Position | undefined {
    return this.#recorder ? this.#durable : this.#checkpoint;
  }

  commit(): void {
    const outcomes = this.#ledger.drain();
    const safe = this.#tracker.safeCheckpoint();
    const moved = safe !== undefined && safe !== this.#checkpoint;
    if (moved) this.#checkpoint = safe;
    const recorder = this.#recorder;
    if (!recorder || (outcomes.length === 0 && !moved)) return;
    const checkpoint = moved ? safe : undefined;
    // Once a write failed, later ones are dropped: their checkpoint would pass outcomes that were never stored.
    this.#recording = this.#recording.then(async () => {
      if (this.#failed) return;
      try {
        await recorder.record(outcomes, checkpoint);
        if (checkpoint !== undefined) this.#durable = checkpoint;
      } catch (error) {
        this.#failed = true;
        this.#onError(error);
      }
    });
  }

  /** Resolves when every commit so far has been recorded (or has failed and been reported). */
  settled(): Promise<void> {
    return this.#recording;
  }
}
