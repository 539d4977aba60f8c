import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyItem } from '@synap-etl/synap-client';
import { DocumentStore, startEmulator } from '../src/index.js';
import { client, docs, emulator } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synap-emulator-'));
  dirs.push(dir);
  return dir;
}

describe('emulator persistence', () => {
  it('keeps document_id dedupe and the documents across a restart with dataDir', async () => {
    const dataDir = tempDir();
    const first = await startEmulator({ dataDir });
    const { client: before } = client(first);
    const { response } = await before.batchCreate(docs(3));
    const ingestionId = response.results[1]!.ingestion_id!;
    await before.close();
    await first.close();

    const second = await emulator({ dataDir });
    expect(second.store.count()).toBe(3);
    expect(second.store.get('doc-1')).toMatchObject({ ingestionId, document: docs(3)[1] });
    const { client: after } = client(second);
    const again = await after.batchCreate(docs(4));
    expect(again.response.results.map(classifyItem)).toEqual(['already_present', 'already_present', 'already_present', 'delivered']);
    expect((await after.status(ingestionId)).document_id).toBe('doc-1');
    expect(second.store.count()).toBe(4);
  });

  it('does not persist anything without dataDir', async () => {
    const first = await emulator();
    await client(first).client.batchCreate(docs(2));
    const second = await emulator();
    expect(second.store.count()).toBe(0);
  });

  it('drops a journal line torn by a crash and appends cleanly after it', async () => {
    const dataDir = tempDir();
    const store = new DocumentStore({ dataDir });
    store.accept(docs(2));
    store.close();
    appendFileSync(join(dataDir, 'journal.jsonl'), '{"t":1,"doc":{"document":"User: half');

    const reopened = new DocumentStore({ dataDir });
    expect(reopened.count()).toBe(2);
    reopened.accept(docs(1, 'later'));
    reopened.close();
    const lines = readFileSync(join(dataDir, 'journal.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(() => lines.map((line) => JSON.parse(line))).not.toThrow();
    expect(new DocumentStore({ dataDir }).get('later-0')?.document?.document).toBe(docs(1)[0]!.document);
  });

  it('refuses a corrupt journal instead of silently forgetting documents', () => {
    const dataDir = tempDir();
    const store = new DocumentStore({ dataDir });
    store.accept(docs(1));
    store.close();
    appendFileSync(join(dataDir, 'journal.jsonl'), 'garbage\n');
    expect(() => new DocumentStore({ dataDir })).toThrow(/corrupt at line 3/);
  });
});

describe('DocumentStore memory policy', () => {
  it('keeps only ids by default and full documents when asked', () => {
    const lean = new DocumentStore();
    lean.accept(docs(1));
    expect(lean.get('doc-0')).toMatchObject({ documentId: 'doc-0', document: undefined });
    const retained = new DocumentStore({ retainDocuments: true });
    retained.accept(docs(1));
    expect(retained.get('doc-0')?.document).toEqual(docs(1)[0]);
  });

  it('resolves every ingestion id it hands out, and no other', () => {
    const store = new DocumentStore();
    const records = store.accept([...docs(3), { document: 'User: no id' }]);
    for (const record of records) expect(store.getByIngestionId(record.ingestionId)).toEqual(record);
    const last = records[3]!.ingestionId;
    expect(store.getByIngestionId(`${last.slice(0, -1)}f`)).toBeUndefined();
    expect(store.getByIngestionId('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(new Set(records.map((r) => r.ingestionId)).size).toBe(4);
  });
});
