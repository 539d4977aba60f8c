import { hash } from 'node:crypto';

const INITIAL_CAPACITY = 1024;
const MAX_LOAD = 0.7;

/**
 * A compact set of string keys with an ordinal each: the group keys whose group has ended (to catch a source
 * not ordered by the group key), and the document ids of a run (to catch a mapping that gives two documents one id).
 *
 * Memory bound: keys are kept as 64-bit hashes (the first 8 bytes of MD5) with the ordinal of the record that
 * ended the group, in an open-addressing table of typed arrays: 16 bytes a slot, at most 70% full, so about
 * 23-46 bytes per distinct key (1 million conversations: under 50 MB), whatever the keys' length.
 * A hash collision would wrongly report a new key as seen (and reject its records, with the reason); the chance
 * that any two of n keys collide is about n²/2^65, 3·10^-8 for a million keys.
 */
export class ClosedKeySet {
  #hi = new Uint32Array(INITIAL_CAPACITY);
  #lo = new Uint32Array(INITIAL_CAPACITY);
  /** 0 marks an empty slot, so ordinals start at 1. */
  #ordinal = new Float64Array(INITIAL_CAPACITY);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Remembers `key` as closed at record `ordinal` (1-based); a key added twice keeps its first ordinal. */
  add(key: string, ordinal: number): void {
    if (ordinal < 1) throw new RangeError('ordinals start at 1');
    const [hi, lo] = hashKey(key);
    if (this.#find(hi, lo) >= 0) return;
    if ((this.#size + 1) / this.#hi.length > MAX_LOAD) this.#grow();
    this.#insert(hi, lo, ordinal);
    this.#size++;
  }

  /** Adds `key` unless present, hashing it once; returns the ordinal it already had, or undefined when new. */
  claim(key: string, ordinal: number): number | undefined {
    if (ordinal < 1) throw new RangeError('ordinals start at 1');
    const [hi, lo] = hashKey(key);
    const slot = this.#find(hi, lo);
    if (slot >= 0) return this.#ordinal[slot];
    if ((this.#size + 1) / this.#hi.length > MAX_LOAD) this.#grow();
    this.#insert(hi, lo, ordinal);
    this.#size++;
    return undefined;
  }

  /** The ordinal at which `key` was closed, or undefined if it never was. */
  get(key: string): number | undefined {
    const [hi, lo] = hashKey(key);
    const slot = this.#find(hi, lo);
    return slot >= 0 ? this.#ordinal[slot] : undefined;
  }

  #find(hi: number, lo: number): number {
    const mask = this.#hi.length - 1;
    for (let slot = lo & mask; this.#ordinal[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.#hi[slot] === hi && this.#lo[slot] === lo) return slot;
    }
    return -1;
  }

  #insert(hi: number, lo: number, ordinal: number): void {
    const mask = this.#hi.length - 1;
    let slot = lo & mask;
    while (this.#ordinal[slot] !== 0) slot = (slot + 1) & mask;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#ordinal[slot] = ordinal;
  }

  #grow(): void {
    const [hi, lo, ordinal] = [this.#hi, this.#lo, this.#ordinal];
    const capacity = hi.length * 2;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#ordinal = new Float64Array(capacity);
    for (let slot = 0; slot < hi.length; slot++) {
      if (ordinal[slot] !== 0) this.#insert(hi[slot]!, lo[slot]!, ordinal[slot]!);
    }
  }
}

function hashKey(key: string): [number, number] {
  const digest = hash('md5', key, 'buffer');
  return [digest.readUInt32LE(0), digest.readUInt32LE(4)];
}
