import { ClosedKeySet } from '../transforms/closed-keys.js';

/** Ids remembered per generation; at least this many of the most recent ids are always remembered. */
export const DEFAULT_RECENT_IDS = 250_000;

/**
 * The document ids mapped recently in a run, in bounded memory: two generations of compact hash sets
 * (see ClosedKeySet), the older dropped when the newer fills. A repeated id is recognised when at most
 * `generation` other ids came between; mapping mistakes that give two documents one id (a conversation id
 * used for every window) repeat within a conversation, well inside that. Memory: at most 2 × `generation`
 * hashes (about 25 MB at the default), whatever the input size.
 */
export class RecentIds {
  readonly #generation: number;
  #current = new ClosedKeySet();
  #previous: ClosedKeySet | undefined;

  constructor(generation = DEFAULT_RECENT_IDS) {
    if (!Number.isInteger(generation) || generation < 1) throw new RangeError(`generation must be a positive integer, got ${generation}`);
    this.#generation = generation;
  }

  /** Remembers `id`; true when it was seen recently (a repeat). */
  seen(id: string): boolean {
    if (this.#previous?.get(id) !== undefined) return true;
    if (this.#current.claim(id, this.#current.size + 1) !== undefined) return true;
    if (this.#current.size >= this.#generation) {
      this.#previous = this.#current;
      this.#current = new ClosedKeySet();
    }
    return false;
  }
}
