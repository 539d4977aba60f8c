import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect } from '@synap-etl/connector-kit';
import { compileMapping, interpolateEnv, isInvalidRecord } from '@synap-etl/core';
import type { MappingConfig, SourceRecord } from '@synap-etl/core';
import { testContext } from './sql-test-database.js';
import type { TestServer } from './sql-test-database.js';
import { useTestDatabase } from './use-test-database.js';

export interface ExampleConfigHarness {
  server: TestServer;
  /** The repository's `config/` directory, ending in a slash. */
  configDir: string;
  /** The example, relative to `configDir`: `postgres-conversations.yaml`. */
  configFile: string;
  /** The SQL script that creates and fills its table, relative to `configDir`. */
  seedFile: string;
  /** The variable the example takes its connection URL from: `PG_URL`. */
  urlVariable: string;
  /**
   * The oracle: every seed row in (created_at, id) order with conversation_id, message_index, user_id,
   * customer_id, user_text, assistant_text, and created_at as ISO-8601 UTC text with microseconds.
   */
  expectedRowsSql: string;
}

/** Loads an example config as a user would, reads the seed table through it and maps every row. */
export function describeExampleConfig(harness: ExampleConfigHarness): void {
  const { server, configDir, configFile } = harness;
  const database = useTestDatabase(server, 'example', async () => [await readFile(`${configDir}${harness.seedFile}`, 'utf8')]);

  describe(`config/${configFile} on the seed table`, () => {
    it('reads the seed rows and maps each to the request the seed built', async () => {
      const db = database();
      const document = parse(await readFile(`${configDir}${configFile}`, 'utf8')) as Record<string, unknown>;
      const { value } = interpolateEnv(document, { [harness.urlVariable]: db.url });
      const { type, ...options } = value.source as Record<string, unknown>;
      expect(type).toBe(server.definition.type);

      const source = server.definition.create(server.definition.configSchema.parse(options), testContext);
      await source.open();
      const items = await (async () => {
        try {
          return await collect(source);
        } finally {
          await source.close();
        }
      })();

      const expected = await db.query<Record<string, unknown>>(harness.expectedRowsSql);
      expect(items.length).toBe(expected.length);
      expect(items.map((item) => (item as SourceRecord).data.created_at)).toStrictEqual(expected.map((row) => row.created_at));

      const mapper = compileMapping(value.mapping as MappingConfig, { pipeline: String(value.pipeline) });
      items.forEach((item, index) => {
        expect(isInvalidRecord(item)).toBe(false);
        const row = expected[index] as Record<string, string>;
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
}
