import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EtlError } from '@synap-etl/core';
import type { SourceDefinition } from '@synap-etl/core';

/**
 * Resolves `source.type`: a built-in connector by name, a local module by path (`./my-source.ts`), or an npm
 * package that exports a source definition (as `default` or `source`).
 */
export class SourceRegistry {
  readonly #builtins = new Map<string, SourceDefinition>();

  constructor(builtins: readonly SourceDefinition[]) {
    for (const definition of builtins) this.#builtins.set(definition.type, definition);
  }

  builtins(): SourceDefinition[] {
    return [...this.#builtins.values()];
  }

  get(type: string): SourceDefinition | undefined {
    return this.#builtins.get(type);
  }

  async resolve(type: string, baseDir: string): Promise<SourceDefinition> {
    const builtin = this.#builtins.get(type);
    if (builtin) return builtin;
    const target = isPathLike(type) ? resolveLocal(type, baseDir) : resolvePackage(type, baseDir, this.builtins());
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(target.url)) as Record<string, unknown>;
    } catch (error) {
      throw new EtlError('PLUGIN_INVALID', `could not load source plugin '${type}' from ${target.where}: ${(error as Error).message}`, {
        cause: error,
        hint: 'check that the module has no syntax errors and that its own dependencies are installed',
      });
    }
    return checkDefinition(loaded.default ?? loaded.source, type, target.where);
  }
}

function isPathLike(type: string): boolean {
  return type.startsWith('.') || path.isAbsolute(type) || /\.(m?[jt]s)$/.test(type);
}

function resolveLocal(type: string, baseDir: string): { url: string; where: string } {
  const file = path.resolve(baseDir, type);
  if (!existsSync(file)) {
    throw new EtlError('PLUGIN_NOT_FOUND', `source plugin '${type}' not found: looked for ${file}`, {
      hint: 'plugin paths are relative to the config file; point source.type at a .ts or .js module that exports a source definition',
    });
  }
  return { url: pathToFileURL(file).href, where: file };
}

function resolvePackage(type: string, baseDir: string, builtins: SourceDefinition[]): { url: string; where: string } {
  try {
    const resolved = createRequire(path.join(baseDir, 'noop.js')).resolve(type);
    return { url: pathToFileURL(resolved).href, where: resolved };
  } catch {
    const names = builtins.map((d) => d.type).join(', ');
    throw new EtlError('PLUGIN_NOT_FOUND', `unknown source type '${type}': not a built-in (${names}) and no package '${type}' installed near ${baseDir}`, {
      hint: `use one of ${names}, a path like ./my-source.ts, or install the package that provides '${type}'`,
    });
  }
}

function checkDefinition(candidate: unknown, type: string, where: string): SourceDefinition {
  const problems: string[] = [];
  const def = candidate as Partial<SourceDefinition> | undefined;
  if (!def || typeof def !== 'object') problems.push('no `default` or `source` export');
  else {
    if (typeof def.type !== 'string' || !def.type) problems.push('`type` (string) is missing');
    if (typeof def.description !== 'string') problems.push('`description` (string) is missing');
    if (!def.configSchema || typeof (def.configSchema as { safeParse?: unknown }).safeParse !== 'function') {
      problems.push('`configSchema` (a zod schema) is missing');
    }
    if (typeof def.create !== 'function') problems.push('`create(config, context)` is missing');
  }
  if (problems.length > 0) {
    throw new EtlError('PLUGIN_INVALID', `source plugin '${type}' (${where}) is not a source definition: ${problems.join('; ')}`, {
      hint: 'export default defineSource({ type, description, configSchema, create }) from @synap-etl/core',
    });
  }
  return def as SourceDefinition;
}
