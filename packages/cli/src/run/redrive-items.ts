import { applyStages, sourceItems } from '@synap-etl/core';
import type { LedgerEntry, Position, ReadOptions, Source, Stage, StageItem } from '@synap-etl/core';
import { isRedrivable, RedrivePlan } from './redrive-plan.js';
import type { Redrivable } from './redrive-plan.js';

const SAMPLE_SIZE = 20;

/** What the re-drive could not do, with a few record keys of each kind to show. */
export class RedriveTally {
  /** Failures looked at. */
  considered = 0;
  /** Failures recorded without `previous` (by an older synap-etl): there is nowhere to re-read them from. */
  noPosition = 0;
  /** Failures not met where a re-read should meet them: the source changed, or the stages now cut it differently. */
  notFound = 0;
  readonly samples = { noPosition: [] as string[], notFound: [] as string[] };

  missing(kind: 'noPosition' | 'notFound', entry: LedgerEntry): void {
    this[kind] += 1;
    if (this.samples[kind].length < SAMPLE_SIZE) this.samples[kind].push(entry.key);
  }
}

export interface RedriveOptions {
  source: Source;
  /** The pipeline's stages, built from the current config. */
  stages: readonly Stage[];
  /** The ledger's failures (`state.iterateFailures`). */
  failures: AsyncIterable<LedgerEntry>;
  signal: AbortSignal;
  tally: RedriveTally;
  /** Failures planned together (consecutive ones share a read); bounds what is held. @default 500 */
  windowSize?: number;
  /** Re-drive at most this many failures. */
  limit?: number;
}

/**
 * The stage items covering the ledger's failures, re-read from the source, for the runner to map, deliver and
 * record again (latest outcome wins). Each failure is re-read with `read({ after: previous })` through the
 * stages until the item covering it comes out; items covering no failure (already delivered neighbours, the
 * rest of a conversation) are dropped. Yielded items carry no checkpoint: a re-drive never moves it.
 *
 * A failure is looked for up to the first checkpoint the stages hand out after its start: the original run
 * emitted its item before that point, so a record not met by then is not where it was (counted as not found).
 */
export async function* redriveItems(options: RedriveOptions): AsyncGenerator<StageItem> {
  for await (const window of windows(options.failures, options.windowSize ?? 500, options.limit)) {
    options.tally.considered += window.length;
    const redrivable: Redrivable[] = [];
    for (const entry of window) {
      if (isRedrivable(entry)) redrivable.push(entry);
      else options.tally.missing('noPosition', entry);
    }
    const plan = new RedrivePlan(redrivable);
    for (let start = plan.nextStart(); start !== undefined; start = plan.nextStart()) {
      if (options.signal.aborted) return;
      yield* readStretch(options, plan, start);
    }
  }
}

/** One read: from `start.after` through the failures waiting there and any that follow on without a gap. */
async function* readStretch(
  options: RedriveOptions,
  plan: RedrivePlan,
  start: { after: Position; entries: Redrivable[] },
): AsyncGenerator<StageItem> {
  const waiting = new Map(start.entries.map((entry) => [entry.key, entry]));
  // A record split into several documents (unwind) is in several items: once met, all its parts go.
  const met = new Set<string>();
  let resume = start.after;
  const items = applyStages(sourceItems(options.source, readOptions(start.after, options.signal), () => undefined), options.stages);
  for await (const item of items) {
    const previous = resume;
    if (item.sources.some((ref) => waiting.has(ref.key) || met.has(ref.key))) {
      for (const ref of item.sources) if (waiting.delete(ref.key)) met.add(ref.key);
      yield redriven(item, previous);
    }
    if (item.checkpoint === undefined) continue;
    resume = item.checkpoint;
    for (const entry of waiting.values()) options.tally.missing('notFound', entry);
    waiting.clear();
    met.clear();
    for (const entry of plan.takeAt(item.checkpoint)) waiting.set(entry.key, entry);
    if (waiting.size === 0) return;
  }
  for (const entry of waiting.values()) options.tally.missing('notFound', entry);
}

/** `previous` null is the start of the source: a read without `after`. */
function readOptions(after: Position, signal: AbortSignal): ReadOptions {
  return after === null ? { signal } : { after, signal };
}

function redriven(item: StageItem, previous: Position): StageItem {
  const { checkpoint: _checkpoint, ...rest } = item;
  return { ...rest, sources: item.sources.map((ref) => ({ ...ref, previous })) };
}

async function* windows(failures: AsyncIterable<LedgerEntry>, size: number, limit: number | undefined): AsyncGenerator<LedgerEntry[]> {
  let window: LedgerEntry[] = [];
  let taken = 0;
  for await (const entry of failures) {
    if (limit !== undefined && taken >= limit) break;
    window.push(entry);
    taken += 1;
    if (window.length >= size) {
      yield window;
      window = [];
    }
  }
  if (window.length > 0) yield window;
}
