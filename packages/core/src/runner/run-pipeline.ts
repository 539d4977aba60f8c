import { Batcher, DEFAULT_BATCH_LIMITS } from '../batcher.js';
import { CheckpointTracker } from '../checkpoint-tracker.js';
import { AbortError, EtlError, errorMessage } from '../errors.js';
import { rejectionReason } from '../pipeline-types.js';
import type { BatchResult, ItemResult, SourceRef, StageItem, WorkItem } from '../pipeline-types.js';
import type { Position } from '../source.js';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { InFlight } from './in-flight.js';
import { OutcomeLedger } from './outcome-ledger.js';
import { applyStages, sourceItems } from './source-items.js';
import type { RunOptions, RunProgress, RunSummary } from './types.js';

interface Entry {
  request: CreateMemoryRequest;
  sources: SourceRef[];
  ticket: number;
}

/**
 * Streams a source through stages, mapping and batching into a sink, with a bounded number of batches in
 * flight. Every record read ends in exactly one outcome; the checkpoint only moves past records whose
 * batches were acknowledged, whatever order batches complete in.
 */
export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const tracker = new CheckpointTracker();
  const ledger = new OutcomeLedger();
  const batcher = new Batcher<Entry>(options.batch ?? DEFAULT_BATCH_LIMITS);
  const inFlight = new InFlight(options.concurrency ?? 4);
  const stopReading = new AbortController();
  const cancelDelivery = new AbortController();
  const commitEvery = options.commitEvery ?? 500;
  const maxFailedBatches = options.maxConsecutiveFailedBatches ?? 3;
  let consecutiveFailedBatches = 0;
  let documentsSent = 0;
  let batchesSent = 0;
  let fatal: unknown;
  let sinkRefused = false;
  let checkpoint: Position | undefined = options.after;
  /** The last checkpoint handed out by the stages: where a re-read reproducing the next item starts. */
  let resumePoint: Position | undefined = options.items ? undefined : (options.after ?? null);
  let recording: Promise<void> = Promise.resolve();

  const onStop = () => stopReading.abort();
  const onHardStop = () => {
    stopReading.abort();
    cancelDelivery.abort();
  };
  if (options.signal?.aborted) onStop();
  options.signal?.addEventListener('abort', onStop, { once: true });
  options.hardSignal?.addEventListener('abort', onHardStop, { once: true });

  const progress = (): RunProgress => ({
    counts: { ...ledger.counts },
    documentsSent,
    batchesSent,
    inFlight: inFlight.size,
    elapsedMs: performance.now() - started,
  });

  const fail = (error: unknown) => {
    fatal ??= error;
    stopReading.abort();
  };

  /** Hands new outcomes and the safe checkpoint to the recorder, serialised so commits never overlap. */
  const commit = () => {
    const outcomes = ledger.drain();
    const safe = tracker.safeCheckpoint();
    const moved = safe !== undefined && safe !== checkpoint;
    if (moved) checkpoint = safe;
    if (outcomes.length === 0 && !moved) return;
    const recorder = options.recorder;
    if (!recorder) return;
    recording = recording.then(() => recorder.record(outcomes, moved ? safe : undefined)).catch((error: unknown) => {
      fail(error);
      cancelDelivery.abort();
    });
  };

  const deliver = async (entries: Entry[]) => {
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
      settleDelivered(ledger, entry, item, result);
      tracker.complete(entry.ticket);
    });
    commit();
    options.onProgress?.(progress());
    trackOutage(result);
  };

  /** Synap unreachable for several batches in a row: stop instead of marking the whole source failed. */
  const trackOutage = (result: BatchResult) => {
    const allFailed = result.items.length > 0 && result.items.every((item) => item.status === 'failed');
    consecutiveFailedBatches = allFailed ? consecutiveFailedBatches + 1 : 0;
    if (consecutiveFailedBatches >= maxFailedBatches) {
      const last = result.items[0];
      fail(
        new EtlError('SYNAP_UNAVAILABLE', `${consecutiveFailedBatches} batches in a row failed after retries; stopping the run`, {
          hint: `last error: ${last && 'reason' in last ? last.reason : 'unknown'}. Their records are recorded as failed: run again later to continue from the checkpoint, then \`etl retry\` re-drives the failed records`,
        }),
      );
    }
  };

  const dispatch = (entries: Entry[]) => inFlight.add(() => deliver(entries));

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
          }),
          options.stages ?? [],
        );
    let sinceCommit = 0;
    for await (const item of items) {
      await handle(item);
      if (++sinceCommit >= commitEvery) {
        sinceCommit = 0;
        commit();
        options.onProgress?.(progress());
      }
      if (stopReading.signal.aborted) break;
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
  commit();
  await recording;

  options.signal?.removeEventListener('abort', onStop);
  options.hardSignal?.removeEventListener('abort', onHardStop);
  const c = ledger.counts;
  // Given items were read by their provider: the records they settled are what this run read.
  c.read = options.items ? c.delivered + c.already_present + c.rejected + c.filtered + c.failed : read;
  const summary: RunSummary = {
    status: fatal !== undefined ? 'failed' : interrupted ? 'interrupted' : 'completed',
    counts: { ...ledger.counts },
    documentsSent,
    batchesSent,
    elapsedMs: performance.now() - started,
    checkpoint,
  };
  if (fatal !== undefined) summary.error = fatal;
  return summary;
}

function mapItem(options: RunOptions, item: WorkItem) {
  try {
    const mapped = options.mapper.map(item);
    if (!mapped.ok || !options.documentTransform) return mapped;
    return { ok: true as const, request: options.documentTransform(mapped.request) };
  } catch (error) {
    return { ok: false as const, field: 'mapping', message: `unexpected error: ${errorMessage(error)}` };
  }
}

function settleDelivered(ledger: OutcomeLedger, entry: Entry, item: ItemResult, result: BatchResult): void {
  const details = {
    ...(entry.request.document_id === undefined ? {} : { documentId: entry.request.document_id }),
    ...(result.batchId === undefined ? {} : { batchId: result.batchId }),
    attempts: result.attempts,
  };
  switch (item.status) {
    case 'delivered':
      ledger.settle(entry.sources, 'delivered', { ...details, ...(item.ingestionId ? { ingestionId: item.ingestionId } : {}) });
      break;
    case 'already_present':
      ledger.settle(entry.sources, 'already_present', details);
      break;
    default:
      ledger.settle(entry.sources, item.status, { ...details, reason: item.reason });
  }
}

/** Stamps each source with where a re-read of its item would start; sources already stamped keep theirs. */
function withPrevious(item: StageItem, previous: Position | undefined): StageItem {
  if (previous === undefined || item.sources.every((ref) => ref.previous !== undefined)) return item;
  return { ...item, sources: item.sources.map((ref) => (ref.previous === undefined ? { ...ref, previous } : ref)) };
}

function withField<T extends object>(details: T, field: string | undefined): T & { field?: string } {
  return field === undefined ? details : { ...details, field };
}

function isAbort(error: unknown): boolean {
  return error instanceof AbortError || (error instanceof Error && error.name === 'AbortError');
}
