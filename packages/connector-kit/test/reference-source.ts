import { setImmediate as nextTurn } from 'node:timers/promises';
import { SourceReadError } from '@synap-etl/core';
import type { Position, ReadOptions, RecordCount, Source, SourceItem } from '@synap-etl/core';

/** Ways to break the reference source, one per contract property the suite should catch. */
export interface Faults {
  overlapOnResume?: boolean;
  dropAfterResume?: boolean;
  positionWithDate?: boolean;
  duplicateKey?: boolean;
  shuffleSecondRead?: boolean;
  ignoreAbort?: boolean;
  throwOnAbort?: boolean;
  leakOnClose?: boolean;
  leakOnBreak?: boolean;
  wrongCount?: boolean;
  failAfter?: number;
  wrongLastPosition?: boolean;
  /** With `failAfter`: an error that is not a SourceReadError. */
  plainError?: boolean;
}

/** Tracks what reference sources hold, as `resourcesInUse` would count connections. */
export class Handles {
  open = 0;
  count = async (): Promise<number> => this.open;
}

/**
 * An in-memory source that follows the contract (when no fault is set): items `r0..rN`, position `{ i }`,
 * one handle while opened and one per running read.
 */
export class ReferenceSource implements Source {
  #reads = 0;
  #opened = false;
  readonly #running = new Set<() => void>();
  constructor(
    private readonly size: number,
    private readonly handles: Handles,
    private readonly faults: Faults = {},
  ) {}

  async open(): Promise<void> {
    this.#opened = true;
    this.handles.open++;
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<SourceItem> {
    const reads = ++this.#reads;
    const afterIndex = startAfter(options.after);
    let start = afterIndex + 1;
    if (this.faults.overlapOnResume && afterIndex >= 0) start = afterIndex;
    if (this.faults.dropAfterResume && afterIndex >= 0) start = afterIndex + 2;
    this.handles.open++;
    let released = false;
    const release = (): void => {
      if (!released) this.handles.open--;
      released = true;
      this.#running.delete(release);
    };
    if (!this.faults.leakOnBreak) this.#running.add(release);
    let completed = false;
    try {
      for (let n = 0; start + n < this.size; n++) {
        const i = this.faults.shuffleSecondRead && reads === 2 ? this.size - 1 - (start + n) : start + n;
        if (options.signal?.aborted && !this.faults.ignoreAbort) {
          if (this.faults.throwOnAbort) throw new Error('aborted');
          return;
        }
        if (!this.#opened) return;
        if (this.faults.failAfter !== undefined && i === this.faults.failAfter) {
          const last = i === 0 ? options.after : { i: i - (this.faults.wrongLastPosition ? 2 : 1) };
          if (this.faults.plainError) throw new Error('disk on fire');
          throw new SourceReadError(`item ${i} unreadable`, last);
        }
        await nextTurn();
        yield this.item(i);
      }
      completed = true;
    } finally {
      if (completed || !this.faults.leakOnBreak) release();
    }
  }

  async count(options: { after?: Position } = {}): Promise<RecordCount> {
    const remaining = this.size - (startAfter(options.after) + 1);
    return { value: remaining + (this.faults.wrongCount ? 1 : 0), exact: true };
  }

  async close(): Promise<void> {
    for (const release of [...this.#running]) release();
    if (this.#opened && !this.faults.leakOnClose) this.handles.open--;
    this.#opened = false;
  }

  private item(i: number): SourceItem {
    const key = this.faults.duplicateKey && i === 5 ? 'r4' : `r${i}`;
    const position: Position = this.faults.positionWithDate ? ({ i, at: new Date(0) } as unknown as Position) : { i };
    return { position, key, data: { text: `message ${i}` } };
  }
}

function startAfter(after: Position | undefined): number {
  if (after === undefined) return -1;
  return (after as { i: number }).i;
}
