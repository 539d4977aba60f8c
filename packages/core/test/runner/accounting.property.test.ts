import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '@synap-etl/core';
import type { ItemResult, SourceItem } from '@synap-etl/core';
import { arraySource, passThroughMapper, recorder, scriptedSink } from './fakes.js';

type Kind = 'ok' | 'invalid' | 'empty';
const VERDICTS: ItemResult[] = [
  { status: 'delivered', ingestionId: 'i' },
  { status: 'already_present' },
  { status: 'rejected', reason: 'bad' },
  { status: 'failed', reason: '503' },
];

describe('runPipeline accounting (property)', () => {
  it('every record read ends in exactly one outcome, whatever the input, verdicts, batch size and completion order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Kind>('ok', 'ok', 'ok', 'invalid', 'empty'), { minLength: 0, maxLength: 120 }),
        fc.array(fc.nat(3), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(6), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (kinds, verdictPlan, delayPlan, batchSize, concurrency) => {
          const items: SourceItem[] = kinds.map((kind, i) =>
            kind === 'invalid'
              ? { position: i, key: `r${i}`, invalid: { message: 'not decodable' } }
              : { position: i, key: `r${i}`, data: { text: kind === 'empty' ? '' : `m${i}` } },
          );
          let n = 0;
          const { sink } = scriptedSink({
            // Never a whole batch failing, so the outage guard does not stop these runs.
            verdict: () => VERDICTS[(verdictPlan[n++ % verdictPlan.length] ?? 0) % 3] as ItemResult,
            delayMs: (b) => delayPlan[b % delayPlan.length] ?? 0,
          });
          const rec = recorder();
          const summary = await runPipeline({
            source: arraySource(items).source,
            mapper: passThroughMapper,
            sink,
            recorder: rec,
            batch: { size: batchSize, maxBytes: 1e6 },
            concurrency,
          });
          const c = summary.counts;
          expect(summary.status).toBe('completed');
          expect(c.read).toBe(items.length);
          expect(c.delivered + c.already_present + c.rejected + c.filtered + c.failed).toBe(items.length);
          expect(rec.outcomes.map((o) => o.key).sort()).toEqual(items.map((i) => i.key).sort());
          expect(summary.checkpoint).toBe(items.length === 0 ? undefined : items.length - 1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
