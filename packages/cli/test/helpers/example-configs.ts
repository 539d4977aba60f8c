import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** A pipeline config shown to users: a YAML file, or a YAML code block in a Markdown page. */
export interface ExampleConfig {
  /** `config/quickstart.yaml`, or `docs/authoring-connectors.md:120` (the line of the block). */
  label: string;
  text: string;
  /** The file itself, for YAML files (relative paths in them resolve against its folder). */
  file?: string;
}

/**
 * Every example pipeline config: config/*.yaml, examples/*\/*.yaml, and the YAML blocks of README.md,
 * examples/*\/README.md and docs/**\/*.md that look like pipelines (a mapping with `pipeline` and `source`).
 * New files are picked up as they are added.
 */
export function findExampleConfigs(root: string): ExampleConfig[] {
  const yamlFiles = [...listFiles(root, 'config', /\.ya?ml$/, false), ...listFiles(root, 'examples', /\.ya?ml$/, true, 1)];
  const markdown = [
    path.join(root, 'README.md'),
    ...listFiles(root, 'docs', /\.md$/, true),
    ...listFiles(root, 'examples', /^README\.md$/, true, 1),
  ];
  const out: ExampleConfig[] = [];
  for (const file of yamlFiles) {
    const text = readFileSync(file, 'utf8');
    if (looksLikePipeline(text)) out.push({ label: relative(root, file), text, file });
  }
  for (const file of markdown) {
    const content = statSync(file, { throwIfNoEntry: false }) ? readFileSync(file, 'utf8') : '';
    for (const match of content.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)) {
      const text = match[1] ?? '';
      const line = content.slice(0, match.index).split('\n').length;
      if (looksLikePipeline(text)) out.push({ label: `${relative(root, file)}:${line}`, text });
    }
  }
  return out;
}

function looksLikePipeline(text: string): boolean {
  try {
    const value: unknown = parse(text);
    return value !== null && typeof value === 'object' && 'pipeline' in value && 'source' in value;
  } catch {
    return /^pipeline:/m.test(text) && /^source:/m.test(text); // broken YAML that meant to be a pipeline: load it and fail
  }
}

/**
 * Values for the `${VAR}` references without a default, chosen by name so that URL-shaped options stay valid
 * (`${MONGO_URL}` gets a mongodb:// URL). Variables with a default keep it.
 */
export function placeholderEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const name = match[1] as string;
    env[name] = placeholderFor(name);
  }
  return env;
}

function placeholderFor(name: string): string {
  if (/MONGO/.test(name)) return 'mongodb://127.0.0.1:27017/?directConnection=true';
  if (/MYSQL|MARIA/.test(name)) return 'mysql://etl@127.0.0.1:3306/app';
  if (/PG|POSTGRES|STATE_DB|DATABASE/.test(name)) return 'postgres://etl@127.0.0.1:5432/app';
  if (/INSTANCE_ID/.test(name)) return 'inst_0123456789abcdef';
  if (/URL$/.test(name)) return 'http://127.0.0.1:8080/api';
  return 'example-value';
}

function listFiles(root: string, dir: string, pattern: RegExp, recursive: boolean, maxDepth = Number.POSITIVE_INFINITY): string[] {
  const start = path.join(root, dir);
  const out: string[] = [];
  const walk = (current: string, depth: number): void => {
    if (!statSync(current, { throwIfNoEntry: false })?.isDirectory()) return;
    for (const name of readdirSync(current).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const file = path.join(current, name);
      if (statSync(file).isDirectory()) {
        if (recursive && depth < maxDepth) walk(file, depth + 1);
      } else if (pattern.test(name)) out.push(file);
    }
  };
  walk(start, 0);
  return out;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
