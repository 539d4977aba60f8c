import { EtlError } from './errors.js';
import type { Position } from './source.js';

/** Identifies one registered item; tickets are handed out in registration (source) order. */
export type CheckpointTicket = number;

interface InFlight {
  done: boolean;
  /** Undefined when the item carries no checkpoint (it must not move the durable checkpoint). */
  checkpoint: Position | undefined;
}

/**
 * Decides how far the durable checkpoint may move while several batches are in flight and finish out of
 * order. Items are registered in source order; the safe checkpoint is that of the latest checkpointed item
 * such that it and every item registered before it are done.
 *
 * Only items not yet folded into the safe prefix are kept, so memory is bounded by what is in flight, and
 * each item is folded exactly once (O(1) amortised per call).
 */
export class CheckpointTracker {
  readonly #inFlight = new Map<CheckpointTicket, InFlight>();
  /** The oldest ticket not yet folded into the safe prefix. */
  #head: CheckpointTicket = 0;
  #next: CheckpointTicket = 0;
  #safe: Position | undefined;

  /** Registers the next item in source order. `checkpoint` is `WorkItem.checkpoint` / `SettledItem.checkpoint`. */
  register(checkpoint?: Position): CheckpointTicket {
    const ticket = this.#next++;
    this.#inFlight.set(ticket, { done: false, checkpoint });
    return ticket;
  }

  /**
   * Marks an item done (its outcome is acknowledged and recorded). Returns true when this moved the safe
   * checkpoint, so the caller knows a new checkpoint is worth committing.
   */
  complete(ticket: CheckpointTicket): boolean {
    const entry = this.#inFlight.get(ticket);
    if (entry === undefined || entry.done) {
      throw new EtlError('INTERNAL', `checkpoint ticket ${ticket} is unknown or already completed`, {
        hint: 'this is a bug in the runner: each registered item must be completed exactly once',
      });
    }
    entry.done = true;
    if (ticket !== this.#head) return false;

    let moved = false;
    for (let head = this.#inFlight.get(this.#head); head?.done; head = this.#inFlight.get(this.#head)) {
      this.#inFlight.delete(this.#head);
      this.#head++;
      if (head.checkpoint !== undefined) {
        this.#safe = head.checkpoint;
        moved = true;
      }
    }
    return moved;
  }

  /** The checkpoint it is safe to persist now; undefined while no checkpointed item has a fully done prefix. */
  safeCheckpoint(): Position | undefined {
    return this.#safe;
  }

  /** Items registered but not yet folded into the safe prefix (done out of order, or still pending). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** True when every registered item is done. */
  get idle(): boolean {
    return this.#inFlight.size === 0;
  }
}
