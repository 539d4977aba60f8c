import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStateStore, describeConnection } from '@synap-etl/state';
import { describeStateStore } from './state-store-suite.js';
import type { StateTable } from './state-store-suite.js';
import { createTestDatabase } from './postgres-test-database.js';
import type { TestDatabase } from './postgres-test-database.js';

let database: TestDatabase;
let harnesses = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function columns(schema: string, table: string): Promise<string[]> {
  const rows = await database.db('information_schema.columns')
    .where({ table_schema: schema, table_name: table })
    .select<Array<{ column_name: string }>>('column_name');
  return rows.map((row) => row.column_name);
}

// Each test gets its own tables (a fresh prefix) in the shared test database.
describeStateStore('postgres', { persistent: true, files: false }, async () => {
  const tablePrefix = `t${++harnesses}_`;
  const tables: StateTable[] = ['runs', 'checkpoints', 'ledger'];
  return {
    open: async () => {
      const store = new PostgresStateStore({ connection: database.url, tablePrefix });
      await store.init();
      return store;
    },
    dump: async () => {
      const dumps = await Promise.all(
        tables.map(async (table) => {
          const { rows } = await database.db.raw(`SELECT row_to_json(t)::text AS row FROM "${tablePrefix}${table}" t`);
          return (rows as Array<{ row: string }>).map((r) => r.row).join('\n');
        }),
      );
      return dumps.join('\n');
    },
    columns: (table) => columns('public', `${tablePrefix}${table}`),
    cleanup: async () => {},
  };
});

describe('PostgresStateStore', () => {
  it('creates its tables in the configured schema with the configured prefix', async () => {
    const store = new PostgresStateStore({ connection: database.url, schema: 'etl_state', tablePrefix: 'team_' });
    await store.init();
    const run = await store.startRun('p', { configHash: 'c', mappingHash: 'm' });
    await store.commit(run.runId, 'p', [{ key: 'a', position: { id: 1 }, status: 'delivered' }], { id: 1 });
    await store.close();
    expect(await columns('etl_state', 'team_ledger')).toContain('ingestion_id');
    const { rows } = await database.db.raw('SELECT position FROM etl_state.team_checkpoints WHERE pipeline = ?', ['p']);
    expect(rows).toEqual([{ position: { id: 1 } }]);
  });

  it('lets several machines create the same tables at once', async () => {
    const stores = Array.from({ length: 4 }, () => new PostgresStateStore({ connection: database.url, tablePrefix: 'race_' }));
    await Promise.all(stores.map((store) => store.init()));
    const run = await stores[0]!.startRun('p', { configHash: 'c', mappingHash: 'm' });
    expect((await stores[3]!.runs('p')).map((r) => r.runId)).toEqual([run.runId]);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('reports an unreachable database without its password', async () => {
    const logged: string[] = [];
    const record = (message: string): void => void logged.push(message);
    const logger = { debug: record, info: record, warn: record, error: record };
    const connection = 'postgres://etl:hunter22@127.0.0.1:1/state?password=hunter22';
    const store = new PostgresStateStore({ connection, logger });
    const error = await store.init().then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string; hint?: string },
    );
    expect(error).toMatchObject({ code: 'STATE', hint: expect.stringContaining('reachable') });
    expect(error?.message).toContain('127.0.0.1:1/state');
    expect(error?.message).not.toContain('hunter22');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain('hunter22');
    await store.close();
  });

  it('describes a connection by host, port and database only', () => {
    expect(describeConnection('postgresql://u:secret@db.internal/etl?sslmode=require')).toBe('db.internal:5432/etl');
  });
});
