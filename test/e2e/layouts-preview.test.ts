import { describe, expect, it } from 'vitest';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import { example, preview, sourceRecords } from './layouts-harness.js';
import { piiIn } from './layouts-pii.js';

// `etl preview <example> -n 3` on the shipped configs: the transcripts exactly as they would be sent.

interface WindowMeta {
  conversation_id: string;
  window: number;
  message_count: number;
}

const meta = (request: CreateMemoryRequest) => request.metadata as unknown as WindowMeta;
const labelledLines = (text: string) => text.match(/^(User|Assistant): /gm) ?? [];
const placeholders = (requests: CreateMemoryRequest[]) =>
  new Set(requests.flatMap((r) => (r.document as string).match(/\[(email|phone|card)\]/g) ?? []));

/** Windows previewed per conversation, in order. */
function windowsByConversation(requests: CreateMemoryRequest[]): Map<string, number[]> {
  const windows = new Map<string, number[]>();
  for (const request of requests) {
    const { conversation_id, window } = meta(request);
    windows.set(conversation_id, [...(windows.get(conversation_id) ?? []), window]);
  }
  return windows;
}

describe('etl preview of the layout examples', () => {
  it('row per message: labelled transcripts, one window per document, system prompts left out, PII redacted', async () => {
    const rows = await sourceRecords(example('row-per-message.yaml'));
    const systemPrompts = new Set(rows.filter((r) => r.role === 'system').map((r) => String(r.content)));
    const { requests, stderr } = await preview(example('row-per-message.yaml'), 3);

    expect(requests).toHaveLength(3);
    for (const request of requests) {
      const text = request.document as string;
      expect(text).toMatch(/^User: /);
      expect(labelledLines(text)).toHaveLength(meta(request).message_count);
      expect(request.document_id).toBe(`${meta(request).conversation_id}:${meta(request).window}`);
      for (const prompt of systemPrompts) expect(text).not.toContain(prompt);
    }
    const split = [...windowsByConversation(requests).values()].find((windows) => windows.length > 1);
    expect(split).toBeDefined();
    expect(split).toEqual(split!.map((_, i) => i));
    expect(piiIn(JSON.stringify(requests))).toEqual([]);
    expect(placeholders(requests).size).toBeGreaterThanOrEqual(2);
    expect(stderr).toMatch(/filtered: record data\/support-messages\.csv:\d+ .*role 'system' not mapped/);
  });

  it('messages array: labelled transcripts with pseudonymous user ids and redacted PII', async () => {
    const conversations = await sourceRecords(example('messages-array.yaml'));
    const rawUserIds = new Set(conversations.map((c) => String(c.user_id)));
    const { requests } = await preview(example('messages-array.yaml'), 3);

    expect(requests).toHaveLength(3);
    for (const request of requests) {
      const text = request.document as string;
      expect(text).toMatch(/^(User|Assistant): /);
      expect(labelledLines(text)).toHaveLength(meta(request).message_count);
      expect(text.length).toBeLessThanOrEqual(1500);
      expect(request.user_id).toMatch(/^u_[0-9a-f]{64}$/);
      expect(rawUserIds.has(request.user_id!)).toBe(false);
    }
    expect([...windowsByConversation(requests).values()].some((windows) => windows.length > 1)).toBe(true);
    expect(piiIn(JSON.stringify(requests))).toEqual([]);
    expect(placeholders(requests).size).toBeGreaterThanOrEqual(2);
  });

  it('row per pair: one User/Assistant exchange per document, filtered rows named on stderr', async () => {
    const { requests, stderr } = await preview(example('row-per-pair.yaml'), 3);

    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.document).toMatch(/^User: [^\n]+\nAssistant: /);
      expect(request.document_created_at! >= '2024-01-01').toBe(true);
    }
    expect(stderr).toContain('closed beta, before launch');
  });
});
