import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  PostgresStateStore,
  SqliteStateStore,
  createStateStore,
  defaultStatePath,
  postgresStateConfigSchema,
  sqliteStatePath,
  stateConfigSchema,
} from '@synap-etl/state';

describe('stateConfigSchema', () => {
  it('accepts the three kinds of store', () => {
    expect(stateConfigSchema.parse({ type: 'sqlite' })).toEqual({ type: 'sqlite' });
    expect(stateConfigSchema.parse({ type: 'sqlite', path: 'state/etl.sqlite' })).toMatchObject({ path: 'state/etl.sqlite' });
    expect(
      stateConfigSchema.parse({ type: 'postgres', connection: 'postgres://etl@db/etl', schema: 'etl', table_prefix: 'team_' }),
    ).toMatchObject({ schema: 'etl', table_prefix: 'team_' });
    expect(stateConfigSchema.parse({ type: 'memory' })).toEqual({ type: 'memory' });
  });

  it('rejects what would be misread, naming the field', () => {
    const issues = (value: unknown) => stateConfigSchema.safeParse(value).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ type: 'postgres' })).toEqual(['connection']);
    expect(issues({ type: 'postgres', connection: 'mysql://db/etl' })).toEqual(['connection']);
    expect(issues({ type: 'postgres', connection: 'postgres://db/etl', table_prefix: 'x; drop' })).toEqual(['table_prefix']);
    expect(issues({ type: 'sqlite', connection: 'postgres://db/etl' })).toEqual(['']);
    expect(issues({ type: 'redis' })).toEqual(['type']);
  });

  it('describes every field and marks the connection secret', () => {
    const json = z.toJSONSchema(stateConfigSchema) as { oneOf?: Array<{ properties: Record<string, { description?: string }> }> };
    const variants = json.oneOf ?? [];
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      for (const [field, schema] of Object.entries(variant.properties)) {
        expect(schema.description, `field ${field}`).toMatch(/\w{3,}/);
      }
    }
    expect(postgresStateConfigSchema.shape.connection.meta()).toMatchObject({ secret: true });
    expect(stateConfigSchema.options).toContain(postgresStateConfigSchema);
  });
});

describe('createStateStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'etl-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the default SQLite file in .etl-state next to the config', async () => {
    const configPath = join(dir, 'chat-history.yaml');
    expect(defaultStatePath(configPath)).toBe(join(dir, '.etl-state', 'chat-history.sqlite'));
    const store = createStateStore({ type: 'sqlite' }, { configPath });
    expect(store).toBeInstanceOf(SqliteStateStore);
    await store.init();
    await store.close();
    expect(existsSync(join(dir, '.etl-state', 'chat-history.sqlite'))).toBe(true);
  });

  it('resolves a relative path against the config directory, keeps an absolute one', () => {
    const configPath = join(dir, 'etl.yaml');
    expect(sqliteStatePath({ path: 'state/x.sqlite' }, configPath)).toBe(join(dir, 'state', 'x.sqlite'));
    expect(sqliteStatePath({ path: '/var/lib/etl/x.sqlite' }, configPath)).toBe('/var/lib/etl/x.sqlite');
    expect(() => sqliteStatePath({}, undefined)).toThrow(/config file path/);
  });

  it('keeps memory state in memory', async () => {
    const store = createStateStore({ type: 'memory' }, { configPath: join(dir, 'etl.yaml') });
    await store.init();
    const run = await store.startRun('p', { configHash: 'c', mappingHash: 'm' });
    await store.commit(run.runId, 'p', [], { id: 1 });
    expect(await store.getCheckpoint('p')).toEqual({ id: 1 });
    await store.close();
    expect(existsSync(join(dir, '.etl-state'))).toBe(false);
  });

  it('builds a PostgreSQL store without connecting until init()', () => {
    const store = createStateStore({ type: 'postgres', connection: 'postgres://etl:pw@127.0.0.1:1/etl' });
    expect(store).toBeInstanceOf(PostgresStateStore);
  });
});
