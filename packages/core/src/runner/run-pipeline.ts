import { Batcher, DEFAULT_BATCH_LIMITS } from '../batcher.js';
import { CheckpointTracker } from '../checkpoint-tracker.js';
import { AbortError } from '../errors.js';
import { rejectionReason } from '../pipeline-types.js';
import type { BatchResult, StageItem } from '../pipeline-types.js';
import type { Position } from '../source.js';
import { CommitQueue } from './commit-queue.js';
import { InFlight } from './in-flight.js';
import { mapItem, settleDelivered, withField, withPrevious } from './item-outcomes.js';
import type { BatchEntry } from './item-outcomes.js';
import { OutageGuard } from './outage-guard.js';
import { RecentIds } from './recent-ids.js';
import { OutcomeLedger } from './outcome-ledger.js';
import { applyStages, sourceItems } from './source-items.js';
import type { RunOptions, RunProgress, RunSummary } from './types.js';

/**
 * Streams a source through stages, mapping and batching into a sink, with a bounded number of batches in
 * flight. Every record read ends in exactly one outcome; the checkpoint only moves past records whose
 * batches were acknowledged, whatever order batches complete in.
 */
export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const tracker = new CheckpointTracker();
  const ledger = new OutcomeLedger();
  const batcher = new Batcher<BatchEntry>(options.batch ?? DEFAULT_BATCH_LIMITS);
  const inFlight = new InFlight(options.concurrency ?? 4);
  const outage = new OutageGuard(options.maxConsecutiveFailedBatches ?? 3);
  const stopReading = new AbortController();
  const cancelDelivery = new AbortController();
  const commitEvery = options.commitEvery ?? 500;
  // Recent document_ids of this run, in bounded memory (see RecentIds): a second document with one of them
  // would be answered "duplicate" and counted as already present, its content silently lost.
  const documentIds = new RecentIds(options.recentIds);
  let documentsSent = 0;
  let batchesSent = 0;
  let fatal: unknown;
  let sinkRefused = false;
  let lastFailureReason: string | undefined;
  /** The last checkpoint handed out by the stages: where a re-read reproducing the next item starts. */
  let resumePoint: Position | undefined = options.items ? undefined : (options.after ?? null);

  const fail = (error: unknown) => {
    fatal ??= error;
    stopReading.abort();
  };
  const commits = new CommitQueue({
    tracker,
    ledger,
    recorder: options.recorder,
    start: options.after,
    onError: (error) => {
      fail(error);
      cancelDelivery.abort();
    },
  });
  const progress = (): RunProgress => ({
    counts: { ...ledger.counts },
    documentsSent,
    batchesSent,
    inFlight: inFlight.size,
    elapsedMs: performance.now() - started,
  });

  const onStop = () => stopReading.abort();
  const onHardStop = () => {
    stopReading.abort();
    cancelDelivery.abort();
  };
  if (options.signal?.aborted) onStop();
  if (options.hardSignal?.aborted) onHardStop();
  options.signal?.addEventListener('abort', onStop, { once: true });
  options.hardSignal?.addEventListener('abort', onHardStop, { once: true });

  const deliver = async (entries: BatchEntry[]) => {
    let result: BatchResult;
    try {
      result = await options.sink.deliver(
        entries.map((e) => e.request),
        cancelDelivery.signal,
      );
    } catch (error) {
      // Not acknowledged: these records get no outcome and the checkpoint stays before them.
      if (!cancelDelivery.signal.aborted) {
        sinkRefused = true;
        fail(error);
      }
      return;
    }
    batchesSent += 1;
    documentsSent += entries.length;
    entries.forEach((entry, i) => {
      const item = result.items[i] ?? { status: 'failed', reason: 'no result for this document in the response' };
      if (item.status === 'failed') lastFailureReason = item.reason;
      settleDelivered(ledger, entry, item, result);
      tracker.complete(entry.ticket);
    });
    commits.commit();
    options.onProgress?.(progress());
    const stop = outage.observe(result);
    if (stop) fail(stop);
  };

  // A throw after delivery (a callback) must fail the run, not reject a task no one may be awaiting.
  const dispatch = (entries: BatchEntry[]) => inFlight.add(() => deliver(entries).catch(fail));

  const handle = async (original: StageItem) => {
    const item = withPrevious(original, resumePoint);
    if (item.checkpoint !== undefined) resumePoint = item.checkpoint;
    const ticket = tracker.register(item.checkpoint);
    if (item.kind === 'settled') {
      ledger.settle(item.sources, item.status, withField({ reason: item.reason }, item.field));
      tracker.complete(ticket);
      return;
    }
    const mapped = mapItem(options, item);
    if (!mapped.ok) {
      ledger.settle(item.sources, 'rejected', { reason: rejectionReason(mapped.field, mapped.message), field: mapped.field });
      tracker.complete(ticket);
      return;
    }
    const id = mapped.request.document_id;
    if (id !== undefined && documentIds.seen(id)) {
      ledger.settle(item.sources, 'rejected', { reason: DUPLICATE_ID_REASON, field: 'document_id' });
      tracker.complete(ticket);
      return;
    }
    const ready = batcher.push({ request: mapped.request, sources: item.sources, ticket });
    if (ready) await dispatch(ready);
  };

  let read = 0;
  try {
    const items = options.items
      ? options.items(stopReading.signal)
      : applyStages(
          sourceItems(options.source, { after: options.after, signal: stopReading.signal }, () => {
            read += 1;
            // The record that reaches the limit is still processed; reading stops after it.
            if (options.limit !== undefined && read >= options.limit) stopReading.abort();
          }),
          options.stages ?? [],
        );
    let sinceCommit = 0;
    for await (const item of items) {
      await handle(item);
      if (++sinceCommit >= commitEvery) {
        sinceCommit = 0;
        commits.commit();
        options.onProgress?.(progress());
      }
      // The parts of an unwound record already in memory are settled before stopping: their record is accounted
      // once all its parts are, and a stop between them would leave it read but without an outcome.
      if (stopReading.signal.aborted && (cancelDelivery.signal.aborted || !hasPartsToCome(item))) break;
    }
  } catch (error) {
    if (!(stopReading.signal.aborted && isAbort(error))) fail(error);
  }

  // Records already read are still delivered after a source failure or a graceful stop; not when Synap refused.
  if (!sinkRefused && !cancelDelivery.signal.aborted) {
    const rest = batcher.flush();
    if (rest) await dispatch(rest);
  }
  const interrupted = options.signal?.aborted === true || options.hardSignal?.aborted === true;
  if ((await inFlight.settle(interrupted ? (options.drainTimeoutMs ?? 30_000) : undefined)) === 'timeout') {
    options.logger?.warn('in-flight batches did not finish in time; cancelling them');
    cancelDelivery.abort();
    await inFlight.settle();
  }
  commits.commit();
  await commits.settled();

  options.signal?.removeEventListener('abort', onStop);
  options.hardSignal?.removeEventListener('abort', onHardStop);
  const c = ledger.counts;
  // Given items were read by their provider: the records they settled are what this run read.
  c.read = options.items ? c.delivered + c.already_present + c.rejected + c.filtered + c.failed : read;
  const summary: RunSummary = {
    status: fatal !== undefined ? 'failed' : interrupted ? 'interrupted' : 'completed',
    counts: { ...c },
    documentsSent,
    batchesSent,
    elapsedMs: performance.now() - started,
    checkpoint: commits.checkpoint,
  };
  if (fatal !== undefined) summary.error = fatal;
  if (lastFailureReason !== undefined) summary.lastFailureReason = lastFailureReason;
  return summary;
}

const DUPLICATE_ID_REASON =
  'document_id: an earlier document of this run has the same document_id, so Synap would keep only that one; ' +
  'map document_id to a value unique per document, or leave it unmapped to derive it from the record key';

function hasPartsToCome(item: StageItem): boolean {
  return item.sources.some((ref) => ref.part !== undefined && ref.part.index < ref.part.count - 1);
}

function isAbort(error: unknown): boolean {
  return error instanceof AbortError || (error instanceof Error && error.name === 'AbortError');
}
