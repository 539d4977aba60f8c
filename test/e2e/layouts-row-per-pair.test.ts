import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { ExampleRun, RunSummaryJson } from './layouts-harness.js';
import {
  countMatches,
  example,
  exampleAgainstEmulator,
  expectRedacted,
  INVOICE,
  ISO_DATE,
  ORDER_NUMBER,
  piiIn,
  preview,
  runJson,
  sourceRecords,
} from './layouts-harness.js';

// config/row-per-pair.yaml: CSV, one row per user/assistant exchange, one document per row.
const CONFIG = 'row-per-pair.yaml';

type Row = Record<string, string>;

/** The example's filters: conversations of the closed beta (2023) and of the QA account are skipped. */
const kept = (row: Row) => row.created_at! >= '2024-01-01' && row.customer_id !== 'internal-qa';

const expectedDocument = (row: Row): CreateMemoryRequest => ({
  document: `User: ${expectRedacted(row.user_text!)}\nAssistant: ${expectRedacted(row.assistant_text!)}`,
  document_type: 'ai-chat-conversation',
  document_id: `${row.conversation_id}:${row.turn_index}`,
  document_created_at: row.created_at,
  user_id: row.user_id,
  customer_id: row.customer_id,
  mode: 'long-range',
  metadata: { conversation_id: row.conversation_id, turn_index: Number(row.turn_index), source: 'backfill' },
});

const byId = (a: CreateMemoryRequest, b: CreateMemoryRequest) => a.document_id!.localeCompare(b.document_id!);

describe('row per pair (config/row-per-pair.yaml)', () => {
  let rows: Row[];
  let run: ExampleRun;
  let first: RunSummaryJson & { code: number };

  beforeAll(async () => {
    rows = (await sourceRecords(example(CONFIG))) as Row[];
    run = await exampleAgainstEmulator(CONFIG);
    first = await runJson(run.config);
  });
  afterAll(async () => {
    await run?.dispose();
  });

  it('sends one labelled document per kept exchange and counts the others as filtered', () => {
    const keptRows = rows.filter(kept);
    expect(rows.some((r) => r.created_at!.startsWith('2023'))).toBe(true);
    expect(rows.some((r) => r.customer_id === 'internal-qa')).toBe(true);
    expect(first.code).toBe(0);
    expect(first.counts).toEqual({
      read: rows.length,
      delivered: keptRows.length,
      already_present: 0,
      rejected: 0,
      filtered: rows.length - keptRows.length,
      failed: 0,
    });
    expect(run.documents().sort(byId)).toEqual(keptRows.map(expectedDocument).sort(byId));
  });

  it('leaves no planted personal data in any stored document, but keeps order numbers, invoices and dates', () => {
    const source = rows.filter(kept).map((r) => `${r.user_text}\n${r.assistant_text}`).join('\n');
    expect(new Set(piiIn(source)).size).toBeGreaterThanOrEqual(10);
    const documents = run.documents();
    expect(piiIn(JSON.stringify(documents))).toEqual([]);
    const text = documents.map((d) => d.document).join('\n');
    for (const pattern of [ORDER_NUMBER, INVOICE, ISO_DATE]) {
      expect(countMatches(source, pattern)).toBeGreaterThan(0);
      expect(countMatches(text, pattern)).toBe(countMatches(source, pattern));
    }
  });

  it('previews the documents exactly as the run stored them', async () => {
    const { requests, stderr } = await preview(run.config, 3);
    expect(requests).toHaveLength(3);
    for (const request of requests) expect(request).toEqual(run.emulator.store.get(request.document_id!)?.document);
    expect(stderr).toContain('closed beta, before launch');
  });

  it('re-sends the same ids as already present from scratch', async () => {
    const again = await runJson(run.config, ['--from-scratch']);
    expect(again.code).toBe(0);
    expect(again.counts).toEqual({ ...first.counts, delivered: 0, already_present: first.counts.delivered });
    expect(run.emulator.store.count()).toBe(first.documentsSent);
  });
});
