import { inputJsonSchema, jsonSchemaAlternatives } from '@synap-etl/core';
import type { JsonSchemaNode, SourceDefinition } from '@synap-etl/core';

/** One connector option as the docs and `etl connectors` show it, read from the zod schema's JSON Schema. */
export interface OptionDoc {
  /** Dotted path under `source` (`csv.delimiter`); `[]` marks the items of a list (`tables[].name`). */
  path: string;
  /** `string`, `integer`, `'csv' | 'jsonl'`, `string | string[]`, ... */
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
  /** Marked `.meta({ secret: true })`: redacted from every message and log. */
  secret: boolean;
  examples: unknown[];
  /** Bounds and formats: `1 to 65535`, `at least 1 item`, `pattern ^a`. */
  constraints: string[];
}

/** The options of a connector, depth first in schema order: each object option is followed by its fields. */
export function describeOptions(definition: Pick<SourceDefinition, 'configSchema'>): OptionDoc[] {
  const root = inputJsonSchema(definition.configSchema);
  const out: OptionDoc[] = [];
  walkObject(root, root, '', out);
  return out;
}

function walkObject(node: JsonSchemaNode, root: JsonSchemaNode, prefix: string, out: OptionDoc[]): void {
  const seen = new Set<string>();
  for (const alt of jsonSchemaAlternatives(node, root)) {
    if (!isNode(alt.properties)) continue;
    const required = new Set(Array.isArray(alt.required) ? alt.required.map(String) : []);
    for (const [key, child] of Object.entries(alt.properties)) {
      const path = prefix + key;
      if (!isNode(child) || seen.has(path)) continue;
      seen.add(path);
      out.push(describeOption(child, root, path, required.has(key)));
      walkObject(child, root, `${path}.`, out);
      for (const items of jsonSchemaAlternatives(child, root).map((a) => a.items).filter(isNode)) walkObject(items, root, `${path}[].`, out);
    }
  }
}

function describeOption(node: JsonSchemaNode, root: JsonSchemaNode, path: string, required: boolean): OptionDoc {
  const alts = jsonSchemaAlternatives(node, root);
  const first = <T>(pick: (alt: JsonSchemaNode) => T | undefined): T | undefined => alts.map(pick).find((v) => v !== undefined);
  const defaultValue = first((alt) => ('default' in alt ? alt.default : undefined));
  return {
    path,
    type: typeLabel(node, root),
    required: required && defaultValue === undefined,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    description: first((alt) => (typeof alt.description === 'string' ? alt.description : undefined)) ?? '',
    secret: alts.some((alt) => alt.secret === true),
    examples: first((alt) => (Array.isArray(alt.examples) ? alt.examples : undefined)) ?? [],
    constraints: [...new Set(alts.flatMap(constraintsOf))],
  };
}

/** A short type for humans: the union of the node's concrete alternatives. */
export function typeLabel(node: JsonSchemaNode, root: JsonSchemaNode): string {
  const labels = jsonSchemaAlternatives(node, root)
    .filter((alt) => !('anyOf' in alt || 'oneOf' in alt || '$ref' in alt) || 'type' in alt || 'const' in alt || 'enum' in alt)
    .map((alt) => concreteLabel(alt, root));
  const unique = [...new Set(labels.filter((label) => label !== ''))];
  return unique.length > 0 ? unique.join(' | ') : 'any';
}

function concreteLabel(alt: JsonSchemaNode, root: JsonSchemaNode): string {
  if ('const' in alt) return literal(alt.const);
  if (Array.isArray(alt.enum)) return alt.enum.map(literal).join(' | ');
  const types = Array.isArray(alt.type) ? alt.type.map(String) : typeof alt.type === 'string' ? [alt.type] : [];
  return types
    .map((type) => {
      if (type === 'array' && isNode(alt.items)) {
        const item = typeLabel(alt.items, root);
        return item.includes(' ') ? `(${item})[]` : `${item}[]`;
      }
      if (type === 'object' && !isNode(alt.properties) && isNode(alt.additionalProperties)) {
        const value = typeLabel(alt.additionalProperties, root);
        return value === 'any' ? 'object' : `map of ${value}`;
      }
      return type;
    })
    .join(' | ');
}

function constraintsOf(alt: JsonSchemaNode): string[] {
  const out: string[] = [];
  const { minimum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems, maxItems, pattern, format } = alt;
  // zod writes Number.MAX_SAFE_INTEGER as the maximum of every int(): not a bound worth showing.
  const maximum = alt.maximum === Number.MAX_SAFE_INTEGER ? undefined : alt.maximum;
  if (typeof minimum === 'number' && typeof maximum === 'number') out.push(`${minimum} to ${maximum}`);
  else if (typeof minimum === 'number') out.push(`at least ${minimum}`);
  else if (typeof maximum === 'number') out.push(`at most ${maximum}`);
  if (typeof exclusiveMinimum === 'number') out.push(`more than ${exclusiveMinimum}`);
  if (typeof exclusiveMaximum === 'number') out.push(`less than ${exclusiveMaximum}`);
  const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  if (typeof minLength === 'number' && minLength === maxLength) out.push(`exactly ${chars(minLength)}`);
  else {
    if (typeof minLength === 'number' && minLength > 1) out.push(`at least ${chars(minLength)}`);
    if (typeof maxLength === 'number') out.push(`at most ${chars(maxLength)}`);
  }
  if (typeof minItems === 'number' && minItems > 0) out.push(`at least ${minItems} item${minItems === 1 ? '' : 's'}`);
  if (typeof maxItems === 'number') out.push(`at most ${maxItems} items`);
  if (typeof pattern === 'string') out.push(`matches ${pattern}`);
  if (typeof format === 'string') out.push(`format ${format}`);
  return out;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function isNode(value: unknown): value is JsonSchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
