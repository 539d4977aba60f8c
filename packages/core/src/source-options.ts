import { z } from 'zod';
import { ConfigError } from './errors.js';
import type { ConfigIssue } from './errors.js';
import type { SourceDefinition } from './source.js';

/** A JSON Schema node, as `z.toJSONSchema` produces it. */
export type JsonSchemaNode = { [key: string]: unknown };
type Segment = string | number;

const inputSchemas = new WeakMap<object, JsonSchemaNode>();

/**
 * The JSON Schema of what a user writes for a config schema (its input side: defaults optional), computed once
 * per schema. Zod metadata travels with it: `description`, `examples`, and `secret: true` marks. A schema zod
 * cannot describe gives `{}` (no suggestions, no marks) rather than an error in the middle of reporting one;
 * `defineSource` reports it when the connector loads.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchemaNode {
  let json = inputSchemas.get(schema);
  if (json === undefined) {
    try {
      json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
    } catch {
      json = {};
    }
    inputSchemas.set(schema, json);
  }
  return json;
}

/**
 * Parses connector options (the `source` block without `type`). On failure throws a `ConfigError` whose issues
 * name the exact option (`source.connection.port`), pick the intended branch of a union instead of reporting
 * every branch, and suggest the closest known name for a misspelt option.
 */
export function parseSourceOptions<S extends z.ZodType>(
  definition: Pick<SourceDefinition<S>, 'type' | 'configSchema'>,
  options: unknown,
  label = 'config',
): z.output<S> {
  const result = definition.configSchema.safeParse(options);
  if (result.success) return result.data;
  const issues = describeConfigIssues(result.error.issues, ['source'], inputJsonSchema(definition.configSchema));
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  throw new ConfigError(`${label}: ${count} in the options of the '${definition.type}' source`, issues, {
    hint: `see \`etl connectors ${definition.type}\` for its options, their types and examples`,
  });
}

/** Turns zod issues into config issues with dotted paths (`csv.columns[1]`) under `prefix`. */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[], prefix: Segment[], root: JsonSchemaNode): ConfigIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, prefix, root));
}

function describeIssue(issue: z.core.$ZodIssue, prefix: Segment[], root: JsonSchemaNode): ConfigIssue[] {
  const at = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'unrecognized_keys') {
    const known = optionsBelow(root, at.slice(1));
    return issue.keys.map((key) => ({ path: formatConfigPath([...at, key]), message: unknownKeyMessage(key, known) }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A branch whose type matched but failed deeper is the one the user meant: report its problems.
    const matched = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
    const best = matched.sort((a, b) => a.length - b.length)[0];
    if (best !== undefined) return describeConfigIssues(best, at, root);
    const expected = issue.errors.flatMap((branch) => branch.map((i) => (i.code === 'invalid_type' ? i.expected : undefined)));
    const names = [...new Set(expected.filter((e): e is string => e !== undefined))];
    if (names.length > 0) return [{ path: formatConfigPath(at), message: `expected ${names.join(' or ')}` }];
  }
  return [{ path: formatConfigPath(at), message: issue.message.replace(/^Invalid input: /, '') }];
}

/** `known` holds dotted option paths relative to the object: its own keys, and nested ones (`csv.delimiter`). */
function unknownKeyMessage(key: string, known: string[]): string {
  const siblings = known.filter((name) => !name.includes('.'));
  const close = closestName(key, siblings);
  if (close !== undefined) return `unknown option; did you mean \`${close}\`?`;
  const nested = known.filter((name) => name.includes('.'));
  const leaf = closestName(key, nested.map((name) => name.slice(name.lastIndexOf('.') + 1)));
  const deeper = nested.find((name) => name.endsWith(`.${leaf}`));
  if (leaf !== undefined && deeper !== undefined) return `unknown option here; did you mean \`${deeper}\`?`;
  if (siblings.length === 0) return 'unknown option';
  const list = siblings.slice(0, 12).join(', ');
  return `unknown option; known options here: ${list}${siblings.length > 12 ? ', ...' : ''}`;
}

/** The candidate a misspelt `name` most likely meant (a typo or two away, by length), if any. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))[0]?.candidate;
}

export function formatConfigPath(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out || '(root)';
}

/** Optimal string alignment distance: edits, with a swap of two neighbours counting as one (`prot` → `port`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The node itself and every alternative it stands for (`$ref`, `anyOf`, `oneOf`, `allOf`), depth first. */
export function jsonSchemaAlternatives(node: unknown, root: JsonSchemaNode, seen = new Set<unknown>()): JsonSchemaNode[] {
  if (!isNode(node) || seen.has(node)) return [];
  seen.add(node);
  const out = [node];
  const ref = node.$ref;
  if (typeof ref === 'string') out.push(...jsonSchemaAlternatives(resolveRef(ref, root), root, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[key];
    if (Array.isArray(list)) for (const branch of list) out.push(...jsonSchemaAlternatives(branch, root, seen));
  }
  return out;
}

/** Schemas that may describe the value at `segment` inside a value described by `node`. */
export function jsonSchemaChildren(node: unknown, segment: Segment, root: JsonSchemaNode): JsonSchemaNode[] {
  const out: JsonSchemaNode[] = [];
  for (const alt of jsonSchemaAlternatives(node, root)) {
    if (typeof segment === 'number') {
      const prefixItems = alt.prefixItems;
      if (Array.isArray(prefixItems) && isNode(prefixItems[segment])) out.push(prefixItems[segment]);
      else if (isNode(alt.items)) out.push(alt.items);
      continue;
    }
    const properties = alt.properties;
    if (isNode(properties) && isNode(properties[segment])) out.push(properties[segment]);
    else if (isNode(alt.additionalProperties)) out.push(alt.additionalProperties);
  }
  return out;
}

/** Option names of the object at `path` and below it (two levels), as dotted paths relative to it. */
function optionsBelow(root: JsonSchemaNode, path: readonly Segment[], depth = 2): string[] {
  let nodes: JsonSchemaNode[] = [root];
  for (const segment of path) nodes = nodes.flatMap((node) => jsonSchemaChildren(node, segment, root));
  const names = new Set<string>();
  const visit = (current: JsonSchemaNode[], prefix: string, level: number): void => {
    for (const alt of current.flatMap((node) => jsonSchemaAlternatives(node, root))) {
      if (!isNode(alt.properties)) continue;
      for (const [key, child] of Object.entries(alt.properties)) {
        names.add(prefix + key);
        if (level < depth && isNode(child)) visit([child], `${prefix}${key}.`, level + 1);
      }
    }
  };
  visit(nodes, '', 1);
  return [...names].sort();
}

/**
 * Values in `value` at options marked `.meta({ secret: true })` in `schema` (passwords, tokens), whichever
 * union branch they sit in, so they can be redacted from every message and log line.
 */
export function schemaSecretValues(schema: z.ZodType, value: unknown): string[] {
  const root = inputJsonSchema(schema);
  const found = new Set<string>();
  const walk = (node: unknown, current: unknown): void => {
    const alts = jsonSchemaAlternatives(node, root);
    if (typeof current === 'string') {
      if (alts.some((alt) => alt.secret === true)) found.add(current);
      return;
    }
    if (Array.isArray(current)) current.forEach((item, index) => jsonSchemaChildren(node, index, root).forEach((child) => walk(child, item)));
    else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) jsonSchemaChildren(node, key, root).forEach((child) => walk(child, item));
    }
  };
  walk(root, value);
  return [...found];
}

function resolveRef(ref: string, root: JsonSchemaNode): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isNode(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}

function isNode(value: unknown): value is JsonSchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
