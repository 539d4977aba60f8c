import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@synap-etl/core';
import { formatSummary, summaryAsJson } from '../src/output/summary.js';

const summary = (read: number, delivered: number): RunSummary => ({
  status: 'interrupted',
  counts: { read, delivered, already_present: 0, rejected: 0, filtered: 0, failed: 0 },
  documentsSent: delivered,
  batchesSent: 1,
  elapsedMs: 2000,
  checkpoint: undefined,
});

describe('run summary', () => {
  it('accounts records read but not settled as not finished, to be read again', () => {
    const text = formatSummary(summary(10, 7), 'p');
    expect(text).toMatch(/not finished\s+3 \(read again by the next run\)/);
    expect(JSON.parse(summaryAsJson(summary(10, 7)))).toMatchObject({ unfinished: 3 });
  });

  it('has no such line when every record read was settled', () => {
    expect(formatSummary(summary(10, 10), 'p')).not.toContain('not finished');
    expect(JSON.parse(summaryAsJson(summary(10, 10)))).toMatchObject({ unfinished: 0 });
  });
});
