import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CheckpointTracker, EtlError } from '@synap-etl/core';
import type { CheckpointTicket, Position } from '@synap-etl/core';

describe('CheckpointTracker', () => {
  it('reports nothing before any checkpointed item is done', () => {
    const tracker = new CheckpointTracker();
    const first = tracker.register({ id: 1 });
    tracker.register({ id: 2 });
    expect(tracker.safeCheckpoint()).toBeUndefined();
    tracker.complete(first);
    expect(tracker.safeCheckpoint()).toEqual({ id: 1 });
  });

  it('holds the checkpoint behind an unfinished earlier batch, then jumps when it finishes', () => {
    const tracker = new CheckpointTracker();
    const a = tracker.register({ id: 1 });
    const b = tracker.register({ id: 2 });
    const c = tracker.register({ id: 3 });
    expect(tracker.complete(c)).toBe(false);
    expect(tracker.complete(b)).toBe(false);
    expect(tracker.safeCheckpoint()).toBeUndefined();
    expect(tracker.complete(a)).toBe(true);
    expect(tracker.safeCheckpoint()).toEqual({ id: 3 });
    expect(tracker.idle).toBe(true);
  });

  it('never moves the checkpoint to an item registered without one', () => {
    const tracker = new CheckpointTracker();
    const a = tracker.register({ id: 1 });
    const held = tracker.register();
    tracker.complete(a);
    expect(tracker.complete(held)).toBe(false);
    expect(tracker.safeCheckpoint()).toEqual({ id: 1 });
  });

  it('accepts null as a checkpoint position', () => {
    const tracker = new CheckpointTracker();
    tracker.complete(tracker.register(null));
    expect(tracker.safeCheckpoint()).toBeNull();
  });

  it('rejects completing a ticket twice or a ticket never handed out', () => {
    const tracker = new CheckpointTracker();
    const a = tracker.register({ id: 1 });
    tracker.register({ id: 2 });
    tracker.complete(a);
    expect(() => tracker.complete(a)).toThrow(EtlError);
    expect(() => tracker.complete(99)).toThrow(/unknown or already completed/);
  });

  it('keeps only in-flight tickets: memory follows the window, not the run length', () => {
    const tracker = new CheckpointTracker();
    const window: CheckpointTicket[] = [];
    let maxInFlight = 0;
    for (let i = 0; i < 100_000; i++) {
      window.push(tracker.register({ id: i }));
      maxInFlight = Math.max(maxInFlight, tracker.inFlight);
      // Complete out of order: the newest of a full window first, then the rest.
      if (window.length === 8) {
        for (const ticket of window.reverse()) tracker.complete(ticket);
        window.length = 0;
      }
    }
    expect(maxInFlight).toBe(8);
    expect(tracker.inFlight).toBe(0);
    expect(tracker.safeCheckpoint()).toEqual({ id: 99_999 });
  });
});

interface ModelItem {
  checkpoint: Position | undefined;
  ticket: CheckpointTicket;
  done: boolean;
}

/** The answer computed the slow, obvious way: the last checkpointed item of the fully done prefix. */
function expectedCheckpoint(items: readonly ModelItem[]): Position | undefined {
  let result: Position | undefined;
  for (const item of items) {
    if (!item.done) break;
    if (item.checkpoint !== undefined) result = item.checkpoint;
  }
  return result;
}

describe('CheckpointTracker properties', () => {
  it('never passes an unacknowledged item, is monotonic, and ends at the last checkpoint', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 400 }),
        (hasCheckpoint, choices) => {
          const tracker = new CheckpointTracker();
          const items: ModelItem[] = [];
          const pending: ModelItem[] = [];
          let lastSeq = -1;
          let choice = 0;
          const nextChoice = (): number => choices[choice++ % Math.max(choices.length, 1)] ?? 0;

          const check = (moved: boolean | undefined, before: Position | undefined): void => {
            const reported = tracker.safeCheckpoint();
            expect(reported).toBe(expectedCheckpoint(items));
            if (moved !== undefined) expect(moved).toBe(reported !== before);
            if (reported === undefined) return;
            const seq = (reported as { seq: number }).seq;
            // Every item registered up to the reported one is done.
            expect(items.slice(0, seq + 1).every((item) => item.done)).toBe(true);
            expect(seq).toBeGreaterThanOrEqual(lastSeq);
            lastSeq = seq;
          };

          const completeOne = (): void => {
            const [item] = pending.splice(nextChoice() % pending.length, 1);
            if (item === undefined) return;
            const before = tracker.safeCheckpoint();
            item.done = true;
            check(tracker.complete(item.ticket), before);
          };

          // Random interleaving of registrations and out-of-order completions.
          while (items.length < hasCheckpoint.length) {
            if (pending.length > 0 && nextChoice() % 2 === 0) {
              completeOne();
            } else {
              const seq = items.length;
              const checkpoint = hasCheckpoint[seq] ? { seq } : undefined;
              const item: ModelItem = { checkpoint, ticket: tracker.register(checkpoint), done: false };
              items.push(item);
              pending.push(item);
              check(undefined, undefined);
            }
          }
          while (pending.length > 0) completeOne();

          const lastCheckpointed = items.findLast((item) => item.checkpoint !== undefined);
          expect(tracker.safeCheckpoint()).toBe(lastCheckpointed?.checkpoint);
          expect(tracker.inFlight).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
