import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EtlError, runPipeline } from '@synap-etl/core';
import type { Position, RecordOutcome } from '@synap-etl/core';
import { arraySource, passThroughMapper, records, scriptedSink } from './fakes.js';

// Regressions found in review: failure paths of the runner itself (state writes, callbacks, signals).

describe('runPipeline when the state store fails', () => {
  it('records nothing after a failed commit, so no checkpoint passes outcomes that were never stored', async () => {
    const { source } = arraySource(records(200));
    const { sink } = scriptedSink({ delayMs: () => 1 });
    const stored: RecordOutcome[] = [];
    const storedCheckpoints: Position[] = [];
    let calls = 0;
    const summary = await runPipeline({
      source,
      mapper: passThroughMapper,
      sink,
      concurrency: 4,
      batch: { size: 10, maxBytes: 1e6 },
      recorder: {
        record: async (outcomes, checkpoint) => {
          calls += 1;
          if (calls === 2) {
            // A slow failing write (a dropped connection): later commits queue up behind it meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 30));
            throw new EtlError('STATE', 'connection to the state database was lost');
          }
          stored.push(...outcomes);
          if (checkpoint !== undefined) storedCheckpoints.push(checkpoint);
        },
      },
    });

    expect(summary.status).toBe('failed');
    expect((summary.error as EtlError).code).toBe('STATE');
    // Every record at or before a stored checkpoint must have a stored outcome; the failed write lost some.
    const storedKeys = new Set(stored.map((o) => o.key));
    const last = storedCheckpoints.at(-1) as number | undefined;
    for (let i = 0; i <= (last ?? -1); i++) expect(storedKeys.has(`r${i}`), `r${i} is before checkpoint ${last}`).toBe(true);
    // The summary reports the checkpoint that was really stored, not one whose write failed.
    expect(summary.checkpoint).toBe(last);
  });
});

describe('runPipeline when a callback throws', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('fails the run with the error of a throwing onProgress instead of leaving an unhandled rejection', async () => {
    // A source slow enough that the reader is busy, not waiting for a batch slot, when the batch completes.
    const { source } = arraySource(records(30));
    const slowSource = {
      ...source,
      async *read(options: Parameters<typeof source.read>[0]) {
        for await (const item of source.read(options)) {
          yield item;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      },
    };
    const { sink } = scriptedSink({});
    const boom = new Error('progress display broke');
    const summary = await runPipeline({
      source: slowSource,
      mapper: passThroughMapper,
      sink,
      concurrency: 4,
      batch: { size: 10, maxBytes: 1e6 },
      onProgress: () => {
        throw boom;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    expect(summary.status).toBe('failed');
    expect(summary.error).toBe(boom);
  });

  it('does not swallow the error of a throwing onProgress on the last batch', async () => {
    const { source } = arraySource(records(10));
    const { sink } = scriptedSink({ delayMs: () => 2 });
    const boom = new Error('progress display broke');
    const summary = await runPipeline({
      source,
      mapper: passThroughMapper,
      sink,
      concurrency: 4,
      batch: { size: 10, maxBytes: 1e6 },
      onProgress: () => {
        throw boom;
      },
    });
    expect(summary.status).toBe('failed');
    expect(summary.error).toBe(boom);
  });
});

describe('runPipeline with a hard stop signal', () => {
  it('honours a hard signal that was aborted before the run started: nothing is sent', async () => {
    const { source } = arraySource(records(50));
    const { sink, batches } = scriptedSink({});
    const hard = new AbortController();
    hard.abort();
    const summary = await runPipeline({ source, mapper: passThroughMapper, sink, hardSignal: hard.signal, batch: { size: 10, maxBytes: 1e6 } });
    expect(batches).toHaveLength(0);
    expect(summary.status).toBe('interrupted');
  });
});
