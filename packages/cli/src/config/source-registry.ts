import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EtlError, closestName, errorMessage, sourceDefinitionProblems } from '@synap-etl/core';
import type { SourceDefinition } from '@synap-etl/core';
import { isPluginPath, locateLocalPlugin, locatePackagePlugin } from './plugin-resolution.js';
import type { PluginLocation } from './plugin-resolution.js';

export interface SourceRegistryOptions {
  /**
   * Where packages are looked for after the config's directory (each with its parents). Default: the working
   * directory and the CLI's own install location, so plugins installed next to a global `etl` are found.
   */
  packageSearchDirs?: readonly string[];
}

/** A resolved source: a built-in, or a plugin and the file it came from. */
export interface ResolvedSource {
  definition: SourceDefinition;
  origin: 'builtin' | 'plugin';
  file?: string;
}

const CLI_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Resolves `source.type`: a built-in connector by name, a local module by path (`./my-source.ts`, relative to
 * the config), or an installed npm package. A plugin module exports its definition as `default` or `source`
 * (or as its only export that is one).
 */
export class SourceRegistry {
  readonly #builtins = new Map<string, SourceDefinition>();
  readonly #plugins = new Map<string, Promise<SourceDefinition>>();
  readonly #searchDirs: readonly string[];

  constructor(builtins: readonly SourceDefinition[], options: SourceRegistryOptions = {}) {
    for (const definition of builtins) this.#builtins.set(definition.type, definition);
    this.#searchDirs = options.packageSearchDirs ?? [process.cwd(), CLI_DIR];
  }

  builtins(): SourceDefinition[] {
    return [...this.#builtins.values()];
  }

  get(type: string): SourceDefinition | undefined {
    return this.#builtins.get(type);
  }

  async resolve(type: string, baseDir: string): Promise<SourceDefinition> {
    return (await this.locate(type, baseDir)).definition;
  }

  async locate(type: string, baseDir: string): Promise<ResolvedSource> {
    const builtin = this.#builtins.get(type);
    if (builtin) return { definition: builtin, origin: 'builtin' };
    const location = isPluginPath(type) ? locateLocalPlugin(type, baseDir) : this.#locatePackage(type, baseDir);
    let loading = this.#plugins.get(location.url);
    if (loading === undefined) {
      loading = loadPlugin(type, location);
      this.#plugins.set(location.url, loading);
      loading.catch(() => this.#plugins.delete(location.url));
    }
    return { definition: await loading, origin: 'plugin', file: location.file };
  }

  #locatePackage(type: string, baseDir: string): PluginLocation {
    const searchDirs = [...new Set([baseDir, ...this.#searchDirs].map((dir) => path.resolve(dir)))];
    const found = locatePackagePlugin(type, searchDirs);
    if (found) return found;
    const names = [...this.#builtins.keys()];
    const suggestion = closestName(type, names);
    const where = searchDirs.map((dir) => path.join(dir, 'node_modules')).join(', ');
    throw new EtlError(
      'PLUGIN_NOT_FOUND',
      `unknown source type '${type}': not a built-in (${names.join(', ')}) and no package '${type}' in ${where} ` +
        `or their parent directories${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      {
        hint: suggestion
          ? `write \`type: ${suggestion}\``
          : `use a built-in (\`etl connectors\` lists them), a path like ./my-source.ts, or \`npm install ${type}\` next to the config`,
      },
    );
  }
}

async function loadPlugin(type: string, location: PluginLocation): Promise<SourceDefinition> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(location.url)) as Record<string, unknown>;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    throw new EtlError('PLUGIN_INVALID', `source plugin '${type}' could not be loaded from ${location.file}: ${errorMessage(error)}`, {
      cause: error,
      hint: missing
        ? "install the plugin's own dependencies (zod, @synap-etl/core) where Node can find them from the plugin file"
        : 'fix the error in the plugin module (run it with `npx tsx <file>` to see it on its own)',
    });
  }
  return pickDefinition(type, location.file, exports);
}

/** `default`, else `source`, else the one export that is a definition; CommonJS `exports.default` is unwrapped. */
function pickDefinition(type: string, file: string, exports: Record<string, unknown>): SourceDefinition {
  const interop = exports.default as Record<string, unknown> | undefined;
  const candidates: Array<[string, unknown]> = [
    ['default', exports.default],
    ['source', exports.source],
    ...(interop && typeof interop === 'object' ? ([['default.default', interop.default], ['default.source', interop.source]] as Array<[string, unknown]>) : []),
  ];
  const named = candidates.find(([, value]) => value !== undefined && sourceDefinitionProblems(value).length === 0);
  if (named) return named[1] as SourceDefinition;
  const others = Object.entries(exports).filter(([, value]) => sourceDefinitionProblems(value).length === 0);
  if (others.length === 1 && others[0]) return others[0][1] as SourceDefinition;

  const [name, attempted] = candidates.find(([, value]) => value !== undefined) ?? [];
  const found = Object.keys(exports).length > 0 ? Object.keys(exports).join(', ') : 'none';
  const why =
    others.length > 1
      ? `it exports several source definitions (${others.map(([key]) => key).join(', ')}); mark one as \`default\``
      : attempted === undefined
      ? `it has no \`default\` or \`source\` export (exports found: ${found})`
      : `its \`${name}\` export is not a source definition: ${sourceDefinitionProblems(attempted).join('; ')}`;
  throw new EtlError('PLUGIN_INVALID', `source plugin '${type}' (${file}): ${why}`, {
    hint: 'export default defineSource({ type, description, configSchema, create }) from the module; see docs/authoring-connectors.md',
  });
}
