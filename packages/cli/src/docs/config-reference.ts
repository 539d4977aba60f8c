import { z } from 'zod';
import { fieldSpecObjectSchema } from '@synap-etl/core';
import { pipelineConfigSchema } from '../config/pipeline-schema.js';
import { GENERATED_NOTICE } from './connector-markdown.js';

type Node = Record<string, unknown>;

interface Row {
  path: string;
  type: string;
  default?: unknown;
  description: string;
}

/** Nested options deeper than this are described by their parent (mapping fields, metadata) rather than listed. */
const MAX_DEPTH = 3;
/** Keys whose contents are documented elsewhere: source options per connector, mapping fields by the field-spec table. */
const LEAVES = new Set(['source', 'mapping.metadata']);

/** docs/config-reference.md: every key of a pipeline config, from the same zod schema that validates configs. */
export function renderConfigReference(): string {
  const root = z.toJSONSchema(pipelineConfigSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  const rows: Row[] = [];
  walk(root, root, '', 1, rows);
  const lines = [
    GENERATED_NOTICE.replace('connector definitions', 'pipeline config schema'),
    '',
    '# Pipeline config reference',
    '',
    String(root.description ?? ''),
    '',
    'Values may use `${VAR}` and `${VAR:-default}` (read from the environment). Source options depend on',
    '`source.type`: see [the connectors](connectors/README.md). Conversation shaping (`filters`, `group`, `unwind`,',
    '`redact`, ...) is explained with examples in [conversation-mapping.md](conversation-mapping.md).',
    '',
    ...table(rows),
    '',
    '## A mapping field in object form',
    '',
    'Each `mapping` field (and each `metadata` value) is a template string, a constant, or an object with exactly one',
    'of `field`, `template` or `value`, and these keys:',
    '',
    ...table(fieldSpecRows()),
    '',
  ];
  return lines.join('\n');
}

function table(rows: Row[]): string[] {
  return [
    '| key | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| \`${row.path}\` | ${cell(row.type)} | ${row.default === undefined ? '' : `\`${JSON.stringify(row.default)}\``} | ${cell(row.description)} |`),
  ];
}

function fieldSpecRows(): Row[] {
  const root = z.toJSONSchema(fieldSpecObjectSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  const rows: Row[] = [];
  walk(root, root, '', MAX_DEPTH, rows);
  return rows;
}

function walk(node: Node, root: Node, prefix: string, depth: number, rows: Row[]): void {
  for (const alt of alternatives(node, root)) {
    const properties = alt.properties as Record<string, Node> | undefined;
    if (!properties) continue;
    for (const [key, child] of Object.entries(properties)) {
      const path = `${prefix}${key}`;
      const existing = rows.find((row) => row.path === path);
      if (existing) {
        // The same key in another branch of a union (state.type: sqlite | postgres | memory).
        existing.type = [...new Set([...existing.type.split(' | '), ...typeLabel(child, root).split(' | ')])].join(' | ');
        continue;
      }
      const resolved = alternatives(child, root);
      const withDefault = resolved.find((a) => 'default' in a) ?? child;
      rows.push({
        path,
        type: typeLabel(child, root),
        ...('default' in withDefault ? { default: withDefault.default } : {}),
        description: String(resolved.map((a) => a.description).find((d) => typeof d === 'string') ?? child.description ?? ''),
      });
      if (depth < MAX_DEPTH && !LEAVES.has(path) && !prefix.startsWith('mapping.')) walk(child, root, `${path}.`, depth + 1, rows);
    }
  }
}

/** The concrete alternatives of a node: `$ref`s resolved, `anyOf`/`oneOf`/`allOf` flattened (cycles stop). */
function alternatives(node: Node, root: Node, seen = new Set<Node>()): Node[] {
  if (seen.has(node)) return [];
  seen.add(node);
  if (typeof node.$ref === 'string') {
    const target = resolveRef(node.$ref, root);
    return target ? alternatives({ ...target, ...withoutRef(node) }, root, seen) : [];
  }
  const branches = [node.anyOf, node.oneOf, node.allOf].find(Array.isArray) as Node[] | undefined;
  if (branches) return [withoutBranches(node), ...branches.flatMap((b) => alternatives(b, root, seen))];
  return [node];
}

function typeLabel(node: Node, root: Node): string {
  const labels = alternatives(node, root).flatMap((alt): string[] => {
    if ('const' in alt) return [JSON.stringify(alt.const)];
    if (Array.isArray(alt.enum)) return [alt.enum.map((v) => JSON.stringify(v)).join(' | ')];
    const types = Array.isArray(alt.type) ? alt.type.map(String) : typeof alt.type === 'string' ? [alt.type] : [];
    return types.map((type) => (type === 'array' ? 'list' : type));
  });
  const unique = [...new Set(labels)];
  return unique.length > 0 ? unique.join(' | ') : 'any';
}

function resolveRef(ref: string, root: Node): Node | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const part of ref.slice(2).split('/')) at = (at as Node | undefined)?.[part];
  return at && typeof at === 'object' ? (at as Node) : undefined;
}

function withoutRef(node: Node): Node {
  const { $ref: _ref, ...rest } = node;
  return rest;
}

function withoutBranches(node: Node): Node {
  const { anyOf: _a, oneOf: _o, allOf: _l, ...rest } = node;
  return rest;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}
