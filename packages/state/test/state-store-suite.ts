import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCounts } from '@synap-etl/core';
import type { RecordOutcome, RecordStatus, StateStore } from '@synap-etl/core';

export type StateTable = 'runs' | 'checkpoints' | 'ledger';

/** What a backend provides so the shared suite can drive and inspect it. */
export interface StateStoreHarness {
  /** Opens (and inits) a store on this harness's storage; a second store sees what an earlier one committed. */
  open(): Promise<StateStore>;
  /** Everything stored in the tables, as text, read straight from the storage. */
  dump(): Promise<string>;
  /** Column names of a table. */
  columns(table: StateTable): Promise<string[]>;
  /** The files the store keeps, when it keeps files. */
  files?(): { database: string; directory: string; companions: string[] };
  cleanup(): Promise<void>;
}

const hashes = { configHash: 'cfg-1', mappingHash: 'map-1' };

function outcome(key: string, status: RecordStatus, extra: Partial<RecordOutcome> = {}): RecordOutcome {
  return { key, position: { id: key }, status, ...extra };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export interface StateStoreCapabilities {
  /** False when the state is gone once the store is closed (memory). */
  persistent: boolean;
  /** True when the store keeps files (their modes are checked). */
  files: boolean;
}

/** Registers a test only for backends with the capability it needs (the others have nothing to check). */
function itWhen(enabled: boolean, name: string, test: () => Promise<void>): void {
  if (enabled) it(name, test);
}

/** The behaviour every StateStore must show, whatever keeps the state. */
export function describeStateStore(
  name: string,
  capabilities: StateStoreCapabilities,
  createHarness: () => Promise<StateStoreHarness>,
): void {
  describe(`StateStore conformance: ${name}`, () => {
    let harness: StateStoreHarness;
    let store: StateStore;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('starts empty, and init() may be called again', async () => {
      await store.init();
      expect(await store.getCheckpoint('p')).toBeUndefined();
      expect(await store.lastMappingHash('p')).toBeUndefined();
      expect(await store.runs('p')).toEqual([]);
      const { read: _read, ...zero } = emptyCounts();
      expect(await store.ledgerCounts('p')).toEqual(zero);
    });

    itWhen(capabilities.persistent, 'keeps checkpoint, ledger and runs across a reopen', async () => {
      const run = await store.startRun('p', hashes);
      const position = { table: 'chat', id: 42, at: '2024-05-01T10:00:00.000Z', tie: ['a', 'é'] };
      await store.commit(run.runId, 'p', [outcome('r1', 'delivered', { ingestionId: 'ing-1', batchId: 'b-1' })], position);
      await store.close();

      store = await harness.open();
      expect(await store.getCheckpoint('p')).toEqual(position);
      expect((await store.ledgerCounts('p')).delivered).toBe(1);
      expect((await store.runs('p')).map((r) => r.runId)).toEqual([run.runId]);
    });

    it('moves the checkpoint only when a commit carries one', async () => {
      const run = await store.startRun('p', hashes);
      await store.commit(run.runId, 'p', [outcome('a', 'delivered')], { id: 1 });
      await store.commit(run.runId, 'p', [outcome('b', 'delivered')]);
      expect(await store.getCheckpoint('p')).toEqual({ id: 1 });
      await store.commit(run.runId, 'p', [], { id: 2 });
      expect(await store.getCheckpoint('p')).toEqual({ id: 2 });
      await store.commit(run.runId, 'p', [], null);
      expect(await store.getCheckpoint('p')).toBeNull();
    });

    it('round-trips every kind of JSON position: strings, numbers, arrays, objects', async () => {
      const run = await store.startRun('p', hashes);
      for (const position of ['cursor-abc', '{"looks":"like json"}', 42, 0, ['2024-01-01T00:00:00.123456Z', '7'], { a: [1, 'x'] }]) {
        await store.commit(run.runId, 'p', [{ ...outcome(`k-${JSON.stringify(position)}`, 'failed', { reason: 'x' }), position, previous: position }], position);
        expect(await store.getCheckpoint('p')).toEqual(position);
      }
      const failures = await store.failures('p', { limit: 10 });
      expect(failures.map((f) => f.position)).toEqual(expect.arrayContaining(['cursor-abc', '{"looks":"like json"}', 42, 0]));
      expect(failures.find((f) => f.position === 'cursor-abc')?.previous).toBe('cursor-abc');
    });

    it('keeps neither outcomes nor checkpoint of a commit that fails part-way', async () => {
      const run = await store.startRun('p', hashes);
      await store.commit(run.runId, 'p', [outcome('a', 'delivered')], { id: 1 });
      const batch = [outcome('b', 'delivered'), outcome('c', 'failed'), outcome('d', 'bogus' as RecordStatus)];
      await expect(store.commit(run.runId, 'p', batch, { id: 4 })).rejects.toMatchObject({ code: 'STATE' });

      expect(await store.getCheckpoint('p')).toEqual({ id: 1 });
      expect(await store.ledgerCounts('p')).toMatchObject({ delivered: 1, failed: 0 });
      await expect(store.commit('no-such-run', 'p', [outcome('e', 'delivered')], { id: 5 })).rejects.toMatchObject({
        code: 'STATE',
        hint: expect.any(String),
      });
      expect(await store.getCheckpoint('p')).toEqual({ id: 1 });
      expect(await store.ledgerCounts('p')).toMatchObject({ delivered: 1 });
    });

    it("keeps a record's latest outcome only", async () => {
      const first = await store.startRun('p', hashes);
      await store.commit(first.runId, 'p', [outcome('a', 'failed', { reason: 'HTTP 503', attempts: 5 })]);
      expect((await store.failures('p')).map((f) => f.key)).toEqual(['a']);

      const second = await store.startRun('p', hashes);
      await store.commit(second.runId, 'p', [outcome('a', 'delivered', { ingestionId: 'ing-a' })]);
      expect(await store.failures('p')).toEqual([]);
      expect(await store.ledgerCounts('p')).toMatchObject({ delivered: 1, failed: 0 });

      // Twice in one commit: the later one wins.
      await store.commit(second.runId, 'p', [outcome('b', 'delivered'), outcome('b', 'rejected', { reason: 'bad' })]);
      const [failure] = await store.failures('p');
      expect(failure).toMatchObject({ key: 'b', status: 'rejected', reason: 'bad', runId: second.runId });
    });

    it('records runs, newest first, with their counts and hashes', async () => {
      const first = await store.startRun('p', { configHash: 'c1', mappingHash: 'm1' });
      expect(first).toMatchObject({ pipeline: 'p', status: 'running', counts: emptyCounts() });
      const counts = { ...emptyCounts(), read: 10, delivered: 7, rejected: 2, filtered: 1 };
      await store.finishRun(first.runId, 'completed', counts);
      const second = await store.startRun('p', { configHash: 'c2', mappingHash: 'm2' });

      const runs = await store.runs('p');
      expect(runs.map((r) => r.runId)).toEqual([second.runId, first.runId]);
      expect(runs[1]).toMatchObject({ status: 'completed', configHash: 'c1', mappingHash: 'm1', counts });
      expect(Date.parse(runs[1]?.endedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.startedAt));
      expect(runs[0]).toMatchObject({ status: 'running', startedAt: second.startedAt });
      expect(runs[0]?.endedAt).toBeUndefined();
      expect(await store.lastMappingHash('p')).toBe('m2');
      expect(await store.runs('p', 1)).toHaveLength(1);
      await expect(store.finishRun('no-such-run', 'failed', counts)).rejects.toMatchObject({ code: 'STATE' });
    });

    it('reset forgets checkpoint and ledger of one pipeline, keeps run history', async () => {
      const run = await store.startRun('p', hashes);
      const other = await store.startRun('q', hashes);
      await store.commit(run.runId, 'p', [outcome('a', 'failed', { reason: 'x' })], { id: 1 });
      await store.commit(other.runId, 'q', [outcome('a', 'delivered')], { id: 9 });
      await store.reset('p');

      expect(await store.getCheckpoint('p')).toBeUndefined();
      expect(await store.failures('p')).toEqual([]);
      expect((await store.ledgerCounts('p')).failed).toBe(0);
      expect(await store.runs('p')).toHaveLength(1);
      expect(await store.getCheckpoint('q')).toEqual({ id: 9 });
      expect((await store.ledgerCounts('q')).delivered).toBe(1);
    });

    it('counts latest outcomes per status', async () => {
      const run = await store.startRun('p', hashes);
      const statuses: RecordStatus[] = ['delivered', 'delivered', 'already_present', 'rejected', 'filtered', 'failed', 'failed'];
      await store.commit(run.runId, 'p', statuses.map((status, i) => outcome(`k${i}`, status)));
      expect(await store.ledgerCounts('p')).toEqual({
        delivered: 2,
        already_present: 1,
        rejected: 1,
        filtered: 1,
        failed: 2,
      });
    });

    it('lists failures with their positions and details, most recent first', async () => {
      const run = await store.startRun('p', hashes);
      await store.commit(run.runId, 'p', [
        outcome('a', 'rejected', { reason: 'document_created_at is not a date', field: 'document_created_at' }),
        outcome('b', 'delivered', { documentId: 'doc-b', ingestionId: 'ing-b', batchId: 'batch-1', attempts: 1 }),
        outcome('c', 'filtered', { reason: 'empty transcript' }),
      ]);
      await new Promise((done) => setTimeout(done, 5));
      await store.commit(run.runId, 'p', [
        outcome('d', 'failed', { reason: 'HTTP 503', documentId: 'doc-d', batchId: 'batch-2', attempts: 5 }),
      ]);

      const failures = await store.failures('p');
      expect(failures.map((f) => f.key)).toEqual(['d', 'a']);
      expect(failures[0]).toEqual({
        key: 'd',
        position: { id: 'd' },
        status: 'failed',
        reason: 'HTTP 503',
        documentId: 'doc-d',
        batchId: 'batch-2',
        attempts: 5,
        runId: run.runId,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(failures[1]).toMatchObject({ position: { id: 'a' }, field: 'document_created_at' });
      expect(await store.failures('p', { limit: 1 })).toHaveLength(1);
    });

    it('pages through every failure once, in key order, even while outcomes are committed', async () => {
      const run = await store.startRun('p', hashes);
      const keys = Array.from({ length: 1234 }, (_, i) => `rec-${String(i).padStart(5, '0')}`);
      const outcomes = keys.map((key, i) => outcome(key, i % 3 === 0 ? 'delivered' : i % 3 === 1 ? 'failed' : 'rejected'));
      await store.commit(run.runId, 'p', [...outcomes, outcome('', 'failed')]);
      const expected = ['', ...keys.filter((_, i) => i % 3 !== 0)];

      const seen: string[] = [];
      for await (const failure of store.iterateFailures('p', { pageSize: 100 })) {
        seen.push(failure.key);
        // A retry re-drives what it reads: the ledger changes under the iterator.
        if (seen.length % 50 === 0) await store.commit(run.runId, 'p', [outcome(failure.key, 'delivered')]);
      }
      expect(seen).toEqual(expected);
      expect(await collect(store.iterateFailures('other'))).toEqual([]);
    });

    it('keeps where a re-read of each record starts: a position, null for the start, nothing when unknown', async () => {
      const run = await store.startRun('p', hashes);
      const previous = { file: 'chats.csv', record: 41, offset: 9000 };
      await store.commit(run.runId, 'p', [
        outcome('first', 'rejected', { reason: 'naive timestamp', previous: null }),
        outcome('later', 'failed', { reason: 'HTTP 503', previous }),
        outcome('string', 'rejected', { reason: 'x', previous: 'cursor-"7"' }),
        outcome('unknown', 'rejected', { reason: 'y' }),
      ]);
      const byKey = new Map((await collect(store.iterateFailures('p'))).map((entry) => [entry.key, entry]));
      expect(byKey.get('first')?.previous).toBeNull();
      expect(byKey.get('later')?.previous).toEqual(previous);
      expect(byKey.get('string')?.previous).toBe('cursor-"7"');
      expect(byKey.get('unknown')).not.toHaveProperty('previous');

      // A later outcome replaces it, like every other column.
      await store.commit(run.runId, 'p', [outcome('later', 'failed', { reason: 'HTTP 503', previous: { file: 'chats.csv', record: 40 } })]);
      // Looked up by key: both commits may share a millisecond, so recency order cannot pick it.
      const failure = (await store.failures('p', { limit: 10 })).find((entry) => entry.key === 'later');
      expect(failure).toMatchObject({ key: 'later', previous: { file: 'chats.csv', record: 40 } });
    });

    it('stores reasons truncated, with URL passwords masked', async () => {
      const run = await store.startRun('p', hashes);
      const reason = `connect to postgres://app:hunter22@db:5432/x failed; ${'row text '.repeat(400)}`;
      await store.commit(run.runId, 'p', [outcome('a', 'rejected', { reason })]);
      const [failure] = await store.failures('p');
      expect(failure?.reason?.length).toBeLessThanOrEqual(500);
      expect(failure?.reason).toMatch(/^connect to postgres:\/\/app:\*\*\*@db/);
      expect(await harness.dump()).not.toContain('hunter22');
    });

    it('has no column for document text and never stores it', async () => {
      for (const table of ['runs', 'checkpoints', 'ledger'] as const) {
        const columns = await harness.columns(table);
        expect(columns.length).toBeGreaterThan(3);
        for (const column of columns) expect(column).not.toMatch(/^(document|text|content|data|body|messages?)$/);
      }
      const run = await store.startRun('p', hashes);
      const documentText = 'User: my card number is 4111\nAssistant: noted';
      const smuggled = { ...outcome('a', 'delivered'), document: documentText, data: { text: documentText } };
      await store.commit(run.runId, 'p', [smuggled as RecordOutcome], { id: 'a' });
      const dump = await harness.dump();
      expect(dump).toContain(run.runId);
      expect(dump).not.toContain('4111');
    });

    it('keeps concurrent pipelines apart', async () => {
      const runs = await Promise.all(['left', 'right'].map((pipeline) => store.startRun(pipeline, hashes)));
      await Promise.all(
        runs.flatMap((run) =>
          Array.from({ length: 10 }, (_, i) =>
            store.commit(run.runId, run.pipeline, [outcome(`k${i}`, run.pipeline === 'left' ? 'delivered' : 'failed')], {
              pipeline: run.pipeline,
              i,
            }),
          ),
        ),
      );
      expect(await store.ledgerCounts('left')).toMatchObject({ delivered: 10, failed: 0 });
      expect(await store.ledgerCounts('right')).toMatchObject({ delivered: 0, failed: 10 });
      expect(await store.getCheckpoint('left')).toMatchObject({ pipeline: 'left' });
      expect(await store.getCheckpoint('right')).toMatchObject({ pipeline: 'right' });
      expect(await store.lastMappingHash('left')).toBe('map-1');
      expect((await store.runs('left')).map((r) => r.pipeline)).toEqual(['left']);
    });

    it('commits thousands of outcomes in one call', async () => {
      const run = await store.startRun('p', hashes);
      const outcomes = Array.from({ length: 2500 }, (_, i) => outcome(`k${i}`, 'delivered', { ingestionId: `ing-${i}` }));
      await store.commit(run.runId, 'p', outcomes, { id: 2499 });
      expect((await store.ledgerCounts('p')).delivered).toBe(2500);
    });

    itWhen(capabilities.files, 'creates its files readable by their owner only', async () => {
      const run = await store.startRun('p', hashes);
      await store.commit(run.runId, 'p', [outcome('a', 'delivered')], { id: 1 });
      const files = harness.files?.();
      expect(files).toBeDefined();
      if (!files) return;
      const present = [files.database, ...files.companions].filter((file) => {
        try {
          return statSync(file).isFile();
        } catch {
          return false;
        }
      });
      expect(present).toContain(files.database);
      expect(present.length).toBeGreaterThanOrEqual(2); // WAL mode: the -wal file exists while open
      for (const file of present) expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
      expect((statSync(files.directory).mode & 0o777).toString(8)).toBe('700');
    });
  });
}
