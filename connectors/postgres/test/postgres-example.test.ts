import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect } from '@synap-etl/connector-kit';
import { compileMapping, interpolateEnv, isInvalidRecord } from '@synap-etl/core';
import type { MappingConfig, SourceRecord } from '@synap-etl/core';
import { postgresSource } from '../src/index.js';
import { PgTestDatabase, testContext } from './pg-test-database.js';

const configDir = fileURLToPath(new URL('../../../config/', import.meta.url));
let db: PgTestDatabase;

beforeAll(async () => {
  db = await PgTestDatabase.create('example');
  await db.query(await readFile(`${configDir}sql/seed-conversations.sql`, 'utf8'));
});

afterAll(async () => {
  await db?.drop();
});

describe('config/postgres-conversations.yaml on the seed table', () => {
  it('reads the seed rows and maps each to the request the seed built', async () => {
    const document = parse(await readFile(`${configDir}postgres-conversations.yaml`, 'utf8')) as Record<string, unknown>;
    const { value } = interpolateEnv(document, { PG_URL: db.url });
    const { type, ...options } = value.source as Record<string, unknown>;
    expect(type).toBe(postgresSource.type);

    const source = postgresSource.create(postgresSource.configSchema.parse(options), testContext);
    await source.open();
    const items = await (async () => {
      try {
        return await collect(source);
      } finally {
        await source.close();
      }
    })();

    const expected = await db.query(`
      SELECT conversation_id::text, message_index, user_id, customer_id, user_text, assistant_text,
             to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
      FROM conversations ORDER BY created_at, id`);
    expect(items.length).toBe(expected.rows.length);

    const mapper = compileMapping(value.mapping as MappingConfig, { pipeline: String(value.pipeline) });
    items.forEach((item, index) => {
      expect(isInvalidRecord(item)).toBe(false);
      const row = expected.rows[index] as Record<string, string>;
      const result = mapper.map({ kind: 'work', key: item.key, data: (item as SourceRecord).data, sources: [item] });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(result.request).toMatchObject({
        document: `User: ${row.user_text}\nAssistant: ${row.assistant_text}`,
        document_type: 'ai-chat-conversation',
        document_id: `backfill:${row.conversation_id}:${row.message_index}`,
        user_id: row.user_id,
        customer_id: row.customer_id,
        mode: 'long-range',
        metadata: { conversation_id: row.conversation_id, source: 'backfill' },
      });
      expect(Date.parse(result.request.document_created_at as string)).toBe(Date.parse(row.created_at as string));
    });
  });
});
