import { describe, expect, it } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import {
  exampleAgainstEmulator,
  expectFirstRun,
  expectFromScratchAlreadyPresent,
  expectResumeSendsNothing,
  previewOfStored,
  runJson,
  useExampleRun,
} from './layouts-harness.js';
import { expectRedacted, expectRedactedKeeping, INVOICE, ISO_DATE, ORDER_NUMBER } from './layouts-pii.js';

// config/row-per-message.yaml: CSV, one row per message, grouped by conversation_id into windows of 12.
const CONFIG = 'row-per-message.yaml';
const SPEAKERS: Record<string, string> = { user: 'User', assistant: 'Assistant' };
const MAX_TURNS = 12;

type Row = Record<string, string>;

/** What the example's filters and speakers keep: public, non-QA user/assistant messages with text. */
const kept = (row: Row): boolean =>
  row.visibility !== 'internal' && row.user_id !== 'qa-bot' && row.role! in SPEAKERS && row.content!.trim() !== '';

/** The documents the example must send, written from the rows: consecutive rows of a conversation, 12 at a time. */
function expectedDocuments(rows: Row[]): CreateMemoryRequest[] {
  const conversations: Row[][] = [];
  for (const row of rows.filter(kept)) {
    const last = conversations.at(-1);
    if (last && last[0]!.conversation_id === row.conversation_id) last.push(row);
    else conversations.push([row]);
  }
  return conversations.flatMap((messages) => {
    const windows: Row[][] = [];
    for (let i = 0; i < messages.length; i += MAX_TURNS) windows.push(messages.slice(i, i + MAX_TURNS));
    return windows.map((window, index) => {
      const first = window[0]!;
      return {
        document: window.map((m) => `${SPEAKERS[m.role!]}: ${expectRedacted(m.content!.trim())}`).join('\n'),
        document_type: 'ai-chat-conversation',
        document_id: `${first.conversation_id}:${index}`,
        document_created_at: first.sent_at,
        user_id: first.user_id,
        customer_id: first.customer_id,
        mode: 'long-range',
        metadata: {
          conversation_id: first.conversation_id,
          window: index,
          message_count: window.length,
          first_at: first.sent_at,
          last_at: window.at(-1)!.sent_at,
          source: 'backfill',
        },
      } as CreateMemoryRequest;
    });
  });
}

describe('row per message (config/row-per-message.yaml)', () => {
  const example = useExampleRun<Row>(CONFIG);

  it('has data that exercises every rule of the example', () => {
    const rows = example().records;
    const count = (test: (row: Row) => boolean) => rows.filter(test).length;
    expect(rows.length).toBeGreaterThan(300);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBeGreaterThanOrEqual(30);
    expect(count((r) => r.role === 'system')).toBeGreaterThan(0);
    expect(count((r) => r.role === 'tool')).toBeGreaterThan(0);
    expect(count((r) => r.visibility === 'internal')).toBeGreaterThan(0);
    expect(count((r) => r.user_id === 'qa-bot')).toBeGreaterThan(0);
    expect(count((r) => r.content!.trim() === '')).toBeGreaterThan(0);
  });

  it('delivers every kept message in exactly one window and counts every other row as filtered', () => {
    const rows = example().records;
    expectFirstRun(example(), rows.filter(kept).length, expectedDocuments(rows));
  });

  it('splits long conversations into windows of at most 12 messages with ids <conversation>:<window>', () => {
    const documents = example().run.documents();
    const windowsOf = new Map<string, number[]>();
    for (const doc of documents) {
      const meta = doc.metadata as { conversation_id: string; window: number; message_count: number };
      expect(meta.message_count).toBeLessThanOrEqual(MAX_TURNS);
      expect(doc.document_id).toBe(`${meta.conversation_id}:${meta.window}`);
      windowsOf.set(meta.conversation_id, [...(windowsOf.get(meta.conversation_id) ?? []), meta.window]);
    }
    const split = [...windowsOf.values()].filter((windows) => windows.length > 1);
    expect(split.length).toBeGreaterThanOrEqual(3);
    for (const windows of split) expect(windows.sort((a, b) => a - b)).toEqual(windows.map((_, i) => i));
  });

  it('leaves no planted personal data in any stored document, but keeps order numbers, invoices and dates', () => {
    const source = example().records.filter(kept).map((r) => r.content).join('\n');
    const documents = example().run.documents();
    expectRedactedKeeping(source, documents, [ORDER_NUMBER, INVOICE, ISO_DATE]);
    const stored = JSON.stringify(documents);
    expect(stored).toContain('[email]');
    expect(stored).toContain('[phone]');
    expect(stored).toContain('[card]');
  });

  it('previews the documents exactly as the run stored them', async () => {
    const { requests, stderr } = await previewOfStored(example().run, 5);
    for (const request of requests) expect(request.document).toMatch(/^(User|Assistant): /);
    expect(stderr).toContain("role 'system' not mapped");
  });

  it('resumes with nothing left to send, and re-sends the same ids as already present from scratch', async () => {
    await expectResumeSendsNothing(example().run);
    await expectFromScratchAlreadyPresent(example());
  });
});

describe('row per message, when the source is not ordered by conversation_id', () => {
  const A = '5b0a4a8e-4a9f-4a63-9d0e-3f1c2b7d8e01';
  const B = '6c1b5b9f-5bae-4b74-8e1f-402d3c8e9f12';
  const row = (id: number, conversation: string, role: string, content: string) =>
    `${id},${conversation},${id},u_1,acme-shop,${role},public,${content},2024-03-10T10:0${id}:00.000Z`;
  const CSV = [
    'message_id,conversation_id,seq,user_id,customer_id,role,visibility,content,sent_at',
    row(1, A, 'user', 'Where is my parcel?'),
    row(2, A, 'assistant', 'It arrives tomorrow.'),
    row(3, B, 'user', 'I want to return a jacket.'),
    row(4, A, 'user', 'Thanks!'), // A again, after B started: the export was not ordered by conversation
    row(5, B, 'assistant', 'Here is your return label.'),
  ].join('\n');

  it('rejects the records of a conversation seen again instead of splitting it into clashing ids', async () => {
    const run = await exampleAgainstEmulator(CONFIG, { data: { name: 'unordered.csv', content: `${CSV}\n` } });
    try {
      const summary = await runJson(run.config);
      // A's late message, and B's message after it (B's conversation was ended by A's return), are rejected.
      expect(summary.code).toBe(3);
      expect(summary.counts).toMatchObject({ read: 5, delivered: 3, rejected: 2, filtered: 0 });
      expect(run.documents().map((d) => [d.document_id, d.document])).toEqual([
        [`${A}:0`, 'User: Where is my parcel?\nAssistant: It arrives tomorrow.'],
        [`${B}:0`, 'User: I want to return a jacket.'],
      ]);
    } finally {
      await run.dispose();
    }
  });
});
