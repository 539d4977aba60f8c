import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, EtlError, SecretSet, describeConfigIssues, inputJsonSchema, interpolateEnv, schemaSecretValues } from '@synap-etl/core';
import type { ConfigIssue, SourceDefinition } from '@synap-etl/core';
import type { z } from 'zod';
import { pipelineConfigSchema } from './pipeline-schema.js';
import type { PipelineConfig } from './pipeline-schema.js';
import { collectSecrets } from './secrets.js';
import type { SourceRegistry } from './source-registry.js';

export interface LoadedConfig {
  path: string;
  baseDir: string;
  config: PipelineConfig;
  source: { definition: SourceDefinition; options: unknown };
  /** Every secret value found in the config; redact these from anything printed. */
  secrets: SecretSet;
  /** The interpolated config document, for hashing (never printed: it may hold secrets). */
  document: Record<string, unknown>;
}

export async function loadConfig(
  configPath: string,
  registry: SourceRegistry,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedConfig> {
  const absolute = path.resolve(configPath);
  const text = await readConfigText(absolute);
  const parsed = parseYaml(text, configPath);
  const { value: document } = interpolateEnv(parsed, env);
  const secrets = new SecretSet();
  collectSecrets(document, secrets);

  const baseDir = path.dirname(absolute);
  const issues: ConfigIssue[] = [];
  const top = pipelineConfigSchema.safeParse(document);
  if (!top.success) issues.push(...toIssues(top.error.issues, ''));

  // Source options are checked even when other parts are wrong, so one pass reports every problem.
  const rawSource = document.source as Record<string, unknown> | undefined;
  const type = typeof rawSource?.type === 'string' ? rawSource.type : undefined;
  let definition: SourceDefinition | undefined;
  let sourceOptions: unknown;
  if (type) {
    definition = await registry.resolve(type, baseDir);
    const { type: _type, ...options } = rawSource as Record<string, unknown>;
    const parsed = definition.configSchema.safeParse(options);
    if (parsed.success) sourceOptions = parsed.data;
    else issues.push(...describeConfigIssues(parsed.error.issues, ['source'], inputJsonSchema(definition.configSchema)));
    if (parsed.success) for (const secret of schemaSecretValues(definition.configSchema, parsed.data)) secrets.add(secret);
  }
  if (issues.length > 0 || !top.success || !definition) {
    throw new ConfigError(`${configPath}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the config`, issues, {
      hint: 'see docs/config-reference.md, or `etl connectors <type>` for source options',
    });
  }
  return { path: absolute, baseDir, config: top.data, source: { definition, options: sourceOptions }, secrets, document };
}

async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new EtlError('CONFIG_NOT_FOUND', `cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
      hint: 'pass the path of a pipeline YAML file, e.g. `etl run config/quickstart.yaml`',
    });
  }
}

function parseYaml(text: string, label: string): Record<string, unknown> {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      path: e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(document)',
      message: e.message.split('\n')[0] ?? e.message,
    }));
    throw new ConfigError(`${label} is not valid YAML`, issues, { hint: 'fix the YAML syntax at the line shown' });
  }
  const value: unknown = doc.toJS();
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${label} must be a YAML mapping with at least pipeline, source and mapping`, [], {
      hint: 'start from config/quickstart.yaml',
    });
  }
  return value as Record<string, unknown>;
}

function toIssues(zodIssues: readonly z.core.$ZodIssue[], prefix: string): ConfigIssue[] {
  return zodIssues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}
