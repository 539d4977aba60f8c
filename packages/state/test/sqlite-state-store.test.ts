import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStateStore } from '@synap-etl/state';
import type { RecordOutcome } from '@synap-etl/core';
import { describeStateStore } from './state-store-suite.js';
import { dumpSqlite, inspectSqliteFile, sqliteColumns } from './sqlite-inspect.js';

describeStateStore('sqlite', { persistent: true, files: true }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etl-state-'));
  const path = join(dir, '.etl-state', 'chat.sqlite');
  return {
    open: async () => {
      const store = new SqliteStateStore({ path });
      await store.init();
      return store;
    },
    dump: async () => inspectSqliteFile(path, dumpSqlite),
    columns: async (table) => inspectSqliteFile(path, (db) => sqliteColumns(db, table)),
    files: () => ({ database: path, directory: dirname(path), companions: [`${path}-wal`, `${path}-shm`] }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteStateStore on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'etl-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sustains more than 20,000 outcomes per second in batches of 500', async () => {
    const store = new SqliteStateStore({ path: join(dir, 'speed.sqlite') });
    await store.init();
    const run = await store.startRun('p', { configHash: 'c', mappingHash: 'm' });
    const total = 40_000;
    const batches: RecordOutcome[][] = [];
    for (let start = 0; start < total; start += 500) {
      batches.push(
        Array.from({ length: 500 }, (_, i) => ({
          key: `conversation-${start + i}`,
          position: { id: start + i, at: '2024-05-01T10:00:00.000Z' },
          status: 'delivered' as const,
          documentId: `doc-${start + i}`,
          ingestionId: `3f1c2a9e-0000-4000-8000-${String(start + i).padStart(12, '0')}`,
          batchId: 'b3c1d2e4-0000-4000-8000-000000000000',
          attempts: 1,
        })),
      );
    }
    const started = performance.now();
    for (const [i, batch] of batches.entries()) await store.commit(run.runId, 'p', batch, { id: i * 500 + 499 });
    const perSecond = total / ((performance.now() - started) / 1000);
    expect((await store.ledgerCounts('p')).delivered).toBe(total);
    await store.close();
    expect(perSecond).toBeGreaterThan(20_000);
  });

  it('tightens an existing state file that others could read', async () => {
    const path = join(dir, 'loose.sqlite');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const store = new SqliteStateStore({ path });
    await store.init();
    await store.close();
    expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
  });

  it('adds the previous column to a state file created before it existed', async () => {
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    old.exec(`CREATE TABLE ledger (pipeline TEXT NOT NULL, record_key TEXT NOT NULL, position TEXT NOT NULL, status TEXT NOT NULL,
      reason TEXT, field TEXT, document_id TEXT, ingestion_id TEXT, batch_id TEXT, attempts INTEGER, run_id TEXT NOT NULL,
      updated_at TEXT NOT NULL, PRIMARY KEY (pipeline, record_key)) WITHOUT ROWID`);
    old.close();
    const store = new SqliteStateStore({ path });
    await store.init();
    const run = await store.startRun('p', { configHash: 'c', mappingHash: 'm' });
    await store.commit(run.runId, 'p', [{ key: 'a', position: 2, previous: 1, status: 'failed', reason: 'HTTP 503' }]);
    expect((await store.failures('p'))[0]?.previous).toBe(1);
    await store.close();
  });

  it('sees what another store on the same file committed', async () => {
    const path = join(dir, 'shared.sqlite');
    const writer = new SqliteStateStore({ path });
    const reader = new SqliteStateStore({ path });
    await Promise.all([writer.init(), reader.init()]);
    const run = await writer.startRun('p', { configHash: 'c', mappingHash: 'm' });
    await writer.commit(run.runId, 'p', [{ key: 'a', position: 1, status: 'delivered' }], 1);
    expect(await reader.getCheckpoint('p')).toBe(1);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('refuses a file that is not a state database, naming it and saying what to do', async () => {
    const path = join(dir, 'notes.sqlite');
    writeFileSync(path, 'these are my notes, not a database '.repeat(200));
    const store = new SqliteStateStore({ path });
    const error = await store.init().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'STATE', message: expect.stringContaining(path), hint: expect.stringContaining('state.path') });
  });

  it('refuses a state file written by a newer version', async () => {
    const path = join(dir, 'future.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    await expect(new SqliteStateStore({ path }).init()).rejects.toMatchObject({
      code: 'STATE',
      message: expect.stringContaining('newer synap-etl'),
    });
  });

  it('refuses to be used before init()', async () => {
    await expect(new SqliteStateStore({ path: join(dir, 'x.sqlite') }).getCheckpoint('p')).rejects.toMatchObject({
      code: 'STATE',
    });
  });
});
