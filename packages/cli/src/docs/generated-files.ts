import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceDefinition } from '@synap-etl/core';
import { renderConfigJsonSchema } from './config-json-schema.js';
import { renderConfigReference } from './config-reference.js';
import { renderConnectorIndex, renderConnectorMarkdown } from './connector-markdown.js';

/** A file `npm run docs` writes, by its path relative to the repository root (forward slashes). */
export interface GeneratedFile {
  path: string;
  content: string;
}

export const CONNECTOR_DOCS_DIR = 'docs/connectors';
export const CONFIG_JSON_SCHEMA_PATH = 'config/pipeline.schema.json';
export const CONFIG_REFERENCE_PATH = 'docs/config-reference.md';

/** Every generated file, in a fixed order; the same input always gives the same bytes. */
export function generatedFiles(builtins: readonly SourceDefinition[]): GeneratedFile[] {
  const sorted = [...builtins].sort((a, b) => a.type.localeCompare(b.type));
  return [
    { path: CONFIG_JSON_SCHEMA_PATH, content: renderConfigJsonSchema(sorted) },
    { path: CONFIG_REFERENCE_PATH, content: renderConfigReference() },
    { path: `${CONNECTOR_DOCS_DIR}/README.md`, content: renderConnectorIndex(sorted) },
    ...sorted.map((def) => ({ path: `${CONNECTOR_DOCS_DIR}/${def.type}.md`, content: renderConnectorMarkdown(def) })),
  ];
}

/** How the files on disk differ from what would be generated now. */
export interface Staleness {
  /** Missing, or content differs. */
  outdated: string[];
  /** In the generated folder, but no longer generated (a connector was removed or renamed). */
  extra: string[];
}

export function findStaleFiles(root: string, files: readonly GeneratedFile[]): Staleness {
  const outdated = files
    .filter((file) => {
      const absolute = path.join(root, file.path);
      return !existsSync(absolute) || readFileSync(absolute, 'utf8') !== file.content;
    })
    .map((file) => file.path);
  const expected = new Set(files.map((file) => file.path));
  const dir = path.join(root, CONNECTOR_DOCS_DIR);
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => `${CONNECTOR_DOCS_DIR}/${name}`)
        .filter((file) => !expected.has(file))
    : [];
  return { outdated, extra };
}
