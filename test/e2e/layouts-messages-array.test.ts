import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRUNCATION_MARKER } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import {
  expectFirstRun,
  expectFromScratchAlreadyPresent,
  expectResumeSendsNothing,
  previewOfStored,
  useExampleRun,
} from './layouts-harness.js';
import { expectRedacted, expectRedactedKeeping, ISO_DATE, ORDER_NUMBER } from './layouts-pii.js';

// config/messages-array.yaml: JSONL, one conversation per line with a `messages` array, unwound into windows
// of at most 1,500 characters or 20 messages, user ids pseudonymized, documents truncated at 2,000 characters.
const CONFIG = 'messages-array.yaml';
const SALT = 'e2e-layouts-salt-0123456789';
const ENV = { PSEUDONYM_SALT: SALT };
const SPEAKERS: Record<string, string> = { user: 'User', assistant: 'Assistant' };
const WINDOW = { maxChars: 1500, maxTurns: 20 };
const TRUNCATE_AT = 2000;
const BOOKING_REF: ReadonlyArray<readonly [string, string]> = [['PNR K7XQ2M', 'PNR [booking_ref]']];

interface Message {
  role: string;
  content: unknown;
  sent_at: string;
}
interface Conversation {
  conversation_id: string;
  user_id: string;
  customer_id: string;
  channel: string;
  status: string;
  messages: Message[];
}

/** The text of a message: a string, or the text parts of a parts array (image parts have none). */
function messageText(content: unknown): string {
  if (typeof content === 'string') return content.trim();
  const parts = (content as Array<{ text?: unknown }>).map((part) => (typeof part.text === 'string' ? part.text : ''));
  return parts.filter((text) => text.trim() !== '').join('\n').trim();
}

/** Greedy windows over transcript lines: a line joins the window while both limits hold; a window has >= 1 line. */
function cutWindows<T extends { line: string }>(lines: T[]): T[][] {
  const windows: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const entry of lines) {
    const fits = current.length === 0 || (current.length < WINDOW.maxTurns && chars + 1 + entry.line.length <= WINDOW.maxChars);
    if (!fits) {
      windows.push(current);
      current = [];
      chars = 0;
    }
    chars += (current.length > 0 ? 1 : 0) + entry.line.length;
    current.push(entry);
  }
  if (current.length > 0) windows.push(current);
  return windows;
}

const truncate = (text: string) =>
  text.length <= TRUNCATE_AT ? text : text.slice(0, TRUNCATE_AT - DEFAULT_TRUNCATION_MARKER.length) + DEFAULT_TRUNCATION_MARKER;

const pseudonym = (userId: string) => `u_${createHmac('sha256', SALT).update(userId).digest('hex')}`;

const turnsOf = (conversation: Conversation) =>
  conversation.messages
    .filter((m) => m.role in SPEAKERS && messageText(m.content) !== '')
    .map((m) => ({ line: `${SPEAKERS[m.role]}: ${messageText(m.content)}`, sentAt: m.sent_at }));

const isKept = (c: Conversation) => c.status !== 'spam' && turnsOf(c).length > 0;

function expectedDocuments(conversations: Conversation[]): CreateMemoryRequest[] {
  return conversations.filter(isKept).flatMap((c) =>
    cutWindows(turnsOf(c)).map((window, index) => ({
      document: truncate(expectRedacted(window.map((t) => t.line).join('\n'), BOOKING_REF)),
      document_type: 'ai-chat-conversation',
      document_id: `${c.conversation_id}:${index}`,
      document_created_at: window.at(-1)!.sentAt,
      user_id: pseudonym(c.user_id),
      customer_id: c.customer_id,
      mode: 'long-range',
      metadata: { conversation_id: c.conversation_id, window: index, message_count: window.length, channel: c.channel, source: 'backfill' },
    })),
  );
}

describe('messages array (config/messages-array.yaml)', () => {
  const example = useExampleRun<Conversation>(CONFIG, ENV);

  it('has data that exercises every rule of the example', () => {
    const conversations = example().records;
    const messages = conversations.flatMap((c) => c.messages);
    expect(conversations.length).toBeGreaterThanOrEqual(30);
    expect(messages.some((m) => m.role === 'system')).toBe(true);
    expect(messages.some((m) => m.role === 'tool')).toBe(true);
    expect(messages.some((m) => Array.isArray(m.content))).toBe(true);
    expect(conversations.some((c) => c.status === 'spam')).toBe(true);
    expect(conversations.some((c) => c.messages.length === 0)).toBe(true);
    expect(turnsOf(conversations.find((c) => turnsOf(c).some((t) => t.line.length > TRUNCATE_AT))!).length).toBeGreaterThan(1);
  });

  it('sends every kept message in exactly one window and counts spam and empty conversations as filtered', () => {
    const conversations = example().records;
    expectFirstRun(example(), conversations.filter(isKept).length, expectedDocuments(conversations));
  });

  it('splits long conversations by size, gives an oversized message its own window, and truncates it visibly', () => {
    const documents = example().run.documents();
    const windows = new Map<string, number>();
    for (const doc of documents) {
      const meta = doc.metadata as { conversation_id: string; message_count: number };
      windows.set(meta.conversation_id, (windows.get(meta.conversation_id) ?? 0) + 1);
      expect(meta.message_count).toBeLessThanOrEqual(WINDOW.maxTurns);
      expect((doc.document as string).length).toBeLessThanOrEqual(TRUNCATE_AT);
      if ((doc.document as string).length > WINDOW.maxChars) expect(meta.message_count).toBe(1);
    }
    expect([...windows.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(3);
    const truncated = documents.filter((d) => (d.document as string).endsWith(DEFAULT_TRUNCATION_MARKER));
    expect(truncated).toHaveLength(1);
    expect(truncated[0]!.document).toMatch(/^User: Here is the crash log:/);
  });

  it('sends pseudonyms instead of user ids and no planted personal data, but keeps order numbers and dates', () => {
    const { records: conversations, run } = example();
    const documents = run.documents();
    const stored = JSON.stringify(documents);
    for (const c of conversations) expect(stored).not.toContain(`"${c.user_id}"`);
    const source = conversations.flatMap((c) => turnsOf(c).map((t) => t.line)).join('\n');
    expectRedactedKeeping(source, documents, [ORDER_NUMBER, ISO_DATE]);
    expect(source).toContain('PNR K7XQ2M');
    expect(stored).not.toContain('K7XQ2M');
  });

  it('previews the documents exactly as the run stored them', async () => {
    await previewOfStored(example().run, 4, ENV);
  });

  it('resumes with nothing left to send, and re-sends the same ids as already present from scratch', async () => {
    await expectResumeSendsNothing(example().run);
    await expectFromScratchAlreadyPresent(example());
  });
});
