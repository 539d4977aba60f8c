import { z } from 'zod';
import type { JsonSchemaNode, SourceDefinition } from '@synap-etl/core';
import { pipelineConfigSchema } from '../config/pipeline-schema.js';

/** Draft 7: the version YAML editors (yaml-language-server) support best, `if`/`then` included. */
const TARGET = 'draft-7';

/**
 * A `source.type` an editor accepts besides the built-ins: a module path, a scoped package, or a package
 * named like `synap-etl-connector-*`. (The loader accepts any package name; the editor is stricter so that a
 * misspelt built-in is flagged as you type.)
 */
export const PLUGIN_TYPE_PATTERN = '^(\\.{1,2}/|/|@[^/]+/[^/]+|synap-etl-connector-)|\\.[cm]?[jt]s$';

/**
 * The JSON Schema of a pipeline config, for YAML editor completion and checks. Generated from the zod schemas
 * (the single source of truth). `source.type` offers the built-ins; for each, an `if`/`then` applies that
 * connector's own option schema, so an editor reports the option that is wrong, not every branch of a union.
 */
export function buildConfigJsonSchema(builtins: readonly SourceDefinition[]): Record<string, unknown> {
  const sorted = [...builtins].sort((a, b) => a.type.localeCompare(b.type));
  const json = z.toJSONSchema(pipelineConfigSchema, { io: 'input', unrepresentable: 'any', target: TARGET }) as JsonSchemaNode;
  const definitions: JsonSchemaNode = { ...(json.definitions as JsonSchemaNode | undefined) };
  const properties = json.properties as JsonSchemaNode;
  const pipelineSource = properties.source as JsonSchemaNode;

  const source: JsonSchemaNode = {
    type: 'object',
    description: pipelineSource.description,
    required: ['type'],
    properties: {
      type: {
        description: 'A built-in connector, a path to a plugin module (relative to this file), or an npm package exporting a source.',
        anyOf: [
          { enum: sorted.map((def) => def.type), description: 'A built-in connector (`etl connectors` lists them).' },
          { type: 'string', pattern: PLUGIN_TYPE_PATTERN, description: 'A plugin: ./path/to/source.ts, @scope/package, synap-etl-connector-name.' },
        ],
      },
    },
    allOf: sorted.map((def) => ({
      if: { properties: { type: { const: def.type } }, required: ['type'] },
      then: connectorSchema(def, definitions),
    })),
  };
  const { $schema, ...rest } = json;
  return {
    $schema,
    title: 'synap-etl pipeline',
    ...rest,
    properties: { ...properties, source },
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
  };
}

export function renderConfigJsonSchema(builtins: readonly SourceDefinition[]): string {
  return `${JSON.stringify(buildConfigJsonSchema(builtins), null, 2)}\n`;
}

/** A connector's option schema with `type` allowed, its shared definitions moved to the root under its name. */
function connectorSchema(definition: SourceDefinition, definitions: JsonSchemaNode): JsonSchemaNode {
  const json = z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any', target: TARGET }) as JsonSchemaNode;
  const { $schema: _schema, definitions: own, ...schema } = json;
  const renamed = (name: string) => `${definition.type}.${name}`;
  if (own && typeof own === 'object') {
    for (const [name, node] of Object.entries(own)) definitions[renamed(name)] = rewriteRefs(node, renamed);
  }
  return withTypeProperty(rewriteRefs(schema, renamed) as JsonSchemaNode, definition);
}

function withTypeProperty(schema: JsonSchemaNode, definition: SourceDefinition): JsonSchemaNode {
  const type = { const: definition.type, description: definition.description };
  if (schema.type === 'object') return { ...schema, properties: { type, ...(schema.properties as JsonSchemaNode | undefined) } };
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) return { ...schema, [key]: branches.map((branch) => withTypeProperty(branch as JsonSchemaNode, definition)) };
  }
  return schema;
}

function rewriteRefs(node: unknown, renamed: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, renamed));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    const match = key === '$ref' && typeof value === 'string' ? /^#\/(?:definitions|\$defs)\/(.+)$/.exec(value) : null;
    out[key] = match?.[1] ? `#/definitions/${renamed(match[1])}` : rewriteRefs(value, renamed);
  }
  return out;
}
