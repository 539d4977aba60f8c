import { describe, expect, it } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { expectFirstRun, expectFromScratchAlreadyPresent, previewOfStored, useExampleRun } from './layouts-harness.js';
import { expectRedacted, expectRedactedKeeping, INVOICE, ISO_DATE, ORDER_NUMBER } from './layouts-pii.js';

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

describe('row per pair (config/row-per-pair.yaml)', () => {
  const example = useExampleRun<Row>(CONFIG);

  it('sends one labelled document per kept exchange and counts the others as filtered', () => {
    const rows = example().records;
    const keptRows = rows.filter(kept);
    expect(rows.some((r) => r.created_at!.startsWith('2023'))).toBe(true);
    expect(rows.some((r) => r.customer_id === 'internal-qa')).toBe(true);
    expectFirstRun(example(), keptRows.length, keptRows.map(expectedDocument));
  });

  it('leaves no planted personal data in any stored document, but keeps order numbers, invoices and dates', () => {
    const source = example().records.filter(kept).map((r) => `${r.user_text}\n${r.assistant_text}`).join('\n');
    expectRedactedKeeping(source, example().run.documents(), [ORDER_NUMBER, INVOICE, ISO_DATE]);
  });

  it('previews the documents exactly as the run stored them', async () => {
    const { stderr } = await previewOfStored(example().run, 3);
    expect(stderr).toContain('closed beta, before launch');
  });

  it('re-sends the same ids as already present from scratch', async () => {
    await expectFromScratchAlreadyPresent(example());
  });
});
