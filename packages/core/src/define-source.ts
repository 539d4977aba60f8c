import { z } from 'zod';
import { EtlError } from './errors.js';
import type { SourceDefinition } from './source.js';
import { jsonSchemaAlternatives, jsonSchemaChildren, formatConfigPath, inputJsonSchema, parseSourceOptions, schemaSecretValues } from './source-options.js';
import type { JsonSchemaNode } from './source-options.js';

/** A source definition checked by `defineSource`, with its config helpers attached. */
export interface DefinedSource<Schema extends z.ZodType = z.ZodType> extends SourceDefinition<Schema> {
  examples: NonNullable<SourceDefinition<Schema>['examples']>;
  /**
   * Validates options (the `source` block without `type`) and applies defaults. Throws `ConfigError` whose
   * issues name the exact option (`source.auth.token`), with a "did you mean" for misspelt names.
   */
  parseConfig(options: unknown, label?: string): z.output<Schema>;
  /** The values of options marked `.meta({ secret: true })`, to redact from messages and logs. */
  secretValues(options: unknown): string[];
}

/** Connector names: lower-case words joined by dashes (`file`, `zendesk-tickets`). */
export const SOURCE_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Declares a connector. Checks the definition when the module loads, so a mistake fails at once with every
 * problem listed rather than at the first run: a well-formed name, a description, an object config schema
 * whose options are all described (the docs and `etl connectors` are generated from them), no option named
 * `type` (taken by `source.type`), a `create` function, and examples that the schema accepts.
 */
export function defineSource<S extends z.ZodType>(definition: SourceDefinition<S>): DefinedSource<S> {
  const problems = sourceDefinitionProblems(definition);
  if (problems.length === 0) problems.push(...documentationProblems(definition));
  if (problems.length > 0) {
    const name = typeof definition?.type === 'string' ? definition.type : '(unnamed)';
    throw new EtlError('PLUGIN_INVALID', `source definition '${name}' is not valid: ${problems.join('; ')}`, {
      hint: 'fix the definition passed to defineSource(); see docs/authoring-connectors.md',
    });
  }
  const examples = (definition.examples ?? []).map((example) => ({ title: example.title, config: { ...example.config } }));
  return Object.freeze({
    ...definition,
    examples,
    parseConfig: (options: unknown, label?: string) => parseSourceOptions(definition, options, label),
    secretValues: (options: unknown) => schemaSecretValues(definition.configSchema, options),
  });
}

/**
 * What keeps `candidate` from being a usable source definition (empty when nothing does). The plugin loader
 * applies it to every plugin, whether or not it was made with `defineSource`.
 */
export function sourceDefinitionProblems(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object') return [`expected an object, got ${describe(candidate)}`];
  const def = candidate as Partial<Record<keyof SourceDefinition, unknown>>;
  const problems: string[] = [];
  if (typeof def.type !== 'string' || !SOURCE_TYPE_PATTERN.test(def.type)) {
    problems.push(`\`type\` must be a lower-case name such as 'zendesk' or 'my-api', got ${describe(def.type)}`);
  }
  if (typeof def.description !== 'string' || def.description.trim() === '') problems.push('`description` (a sentence) is missing');
  if (!isZodSchema(def.configSchema)) problems.push('`configSchema` must be a zod schema (z.object({...}))');
  if (typeof def.create !== 'function') problems.push('`create(config, context)` must be a function returning a Source');
  if (def.examples !== undefined && !Array.isArray(def.examples)) problems.push('`examples` must be an array of { title, config }');
  return problems;
}

function documentationProblems(definition: SourceDefinition): string[] {
  try {
    z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' });
  } catch (error) {
    return [`configSchema cannot be described as JSON Schema (for docs and editors): ${(error as Error).message}`];
  }
  const json = inputJsonSchema(definition.configSchema);
  const objects = jsonSchemaAlternatives(json, json).filter((alt) => alt.type === 'object');
  if (objects.length === 0) return ['`configSchema` must be an object schema: its keys are the options next to `type`'];
  const problems: string[] = [];
  if (jsonSchemaChildren(json, 'type', json).length > 0) problems.push('`configSchema` must not have an option named `type` (it is `source.type`)');
  const undescribed = undescribedOptions(json, json, '');
  if (undescribed.length > 0) problems.push(`options without a description (add .describe()): ${undescribed.join(', ')}`);
  for (const [index, example] of (definition.examples ?? []).entries()) problems.push(...exampleProblems(definition, example, index));
  return problems;
}

/** Dotted paths of options without a description; `[]` stands for the items of a list (`tables[].name`). */
function undescribedOptions(node: JsonSchemaNode, root: JsonSchemaNode, prefix: string): string[] {
  const out: string[] = [];
  for (const alt of jsonSchemaAlternatives(node, root)) {
    if (isNode(alt.properties)) {
      for (const [key, child] of Object.entries(alt.properties)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        const described = jsonSchemaAlternatives(child, root).some((c) => typeof c.description === 'string' && c.description.trim() !== '');
        if (!described) out.push(path);
        if (isNode(child)) out.push(...undescribedOptions(child, root, path));
      }
    }
    if (isNode(alt.items)) out.push(...undescribedOptions(alt.items, root, `${prefix}[]`));
  }
  return [...new Set(out)];
}

/** An example must be accepted by the schema; a `${VAR}` placeholder stands for any value. */
function exampleProblems(definition: SourceDefinition, example: unknown, index: number): string[] {
  const where = `examples[${index}]`;
  if (!isNode(example) || typeof example.title !== 'string' || !isNode(example.config)) return [`${where} must be { title: string, config: object }`];
  if ('type' in example.config) return [`${where}.config must not contain \`type\``];
  const result = definition.configSchema.safeParse(example.config);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !isPlaceholder(valueAt(example.config, issue.path)))
    .map((issue) => `${where} '${example.title}': ${formatConfigPath(issue.path.map((p) => (typeof p === 'number' ? p : String(p))))}: ${issue.message}`);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) current = isNode(current) || Array.isArray(current) ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}

function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}/.test(value);
}

function isZodSchema(value: unknown): value is z.ZodType {
  return isNode(value) && typeof value.safeParse === 'function' && isNode(value._zod);
}

function isNode(value: unknown): value is JsonSchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
