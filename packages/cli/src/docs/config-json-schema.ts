import { z } from 'zod';
import type { SourceDefinition } from '@synap-etl/core';
import { pipelineConfigSchema } from '../config/pipeline-schema.js';

/**
 * The JSON Schema of a pipeline config, for YAML editor completion. Generated from the zod schemas (the single
 * source of truth); `source` becomes one branch per built-in connector, plus plugins by path or package.
 */
export function buildConfigJsonSchema(builtins: readonly SourceDefinition[]): Record<string, unknown> {
  const branches = builtins.map((def) =>
    z.intersection(z.object({ type: z.literal(def.type).describe(def.description) }), def.configSchema as z.ZodType),
  );
  const plugin = z
    .looseObject({
      type: z
        .string()
        .regex(/^(\.|\/|@|[a-z0-9-]+\/)|\.(m?[jt]s)$/)
        .describe('A plugin: a path to a .ts/.js module (relative to the config) or an npm package exporting a source definition.'),
    })
    .describe('A source plugin; its options are checked by the plugin\'s own schema at load time.');
  const source = z.union([...branches, plugin]).describe('Where records come from: `type` picks the connector, the other keys are its options.');
  const schema = pipelineConfigSchema.extend({ source });
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: json.$schema,
    $id: 'https://github.com/synap-etl/synap-etl/config/pipeline.schema.json',
    title: 'synap-etl pipeline',
    ...json,
  };
}

export function renderConfigJsonSchema(builtins: readonly SourceDefinition[]): string {
  return `${JSON.stringify(buildConfigJsonSchema(builtins), null, 2)}\n`;
}
