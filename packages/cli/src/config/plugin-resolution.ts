import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EtlError } from '@synap-etl/core';

/** Where a plugin module was found: its file, and the URL `import()` takes. */
export interface PluginLocation {
  file: string;
  url: string;
}

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
/** The conditions Node applies when it `import`s a package. */
const IMPORT_CONDITIONS = new Set(['node', 'import', 'module-sync', 'default']);

/** `source.type` values that name a file rather than a built-in or a package. */
export function isPluginPath(type: string): boolean {
  return type.startsWith('./') || type.startsWith('../') || path.isAbsolute(type) || /\.[cm]?[jt]s$/.test(type);
}

/** Finds a plugin file by path relative to the config: as written, then with a module extension, then as a folder. */
export function locateLocalPlugin(type: string, baseDir: string): PluginLocation {
  const file = path.resolve(baseDir, type);
  const candidates = [file, ...MODULE_EXTENSIONS.map((ext) => file + ext)];
  for (const candidate of candidates) if (isFile(candidate)) return at(candidate);
  if (isDirectory(file)) {
    const manifest = path.join(file, 'package.json');
    if (isFile(manifest)) return packageEntry(type, file, '.');
    const indexes = MODULE_EXTENSIONS.map((ext) => path.join(file, `index${ext}`));
    for (const index of indexes) if (isFile(index)) return at(index);
    candidates.push(manifest, ...indexes);
  }
  throw new EtlError('PLUGIN_NOT_FOUND', `source plugin '${type}' not found; looked for: ${candidates.join(', ')}`, {
    hint: 'plugin paths are relative to the config file; point source.type at a .ts or .js module that exports a source definition',
  });
}

/**
 * Finds an installed package the way Node's `import` would, from each of `searchDirs` up to the file system
 * root: `node_modules/<name>/package.json`, then its `exports` (import conditions), `main` or `index.js`.
 */
export function locatePackagePlugin(specifier: string, searchDirs: readonly string[]): PluginLocation | undefined {
  const { name, subpath } = splitSpecifier(specifier);
  for (const start of searchDirs) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const packageDir = path.join(dir, 'node_modules', name);
      if (isFile(path.join(packageDir, 'package.json'))) return packageEntry(specifier, packageDir, subpath);
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/** `@scope/pkg/sub` → `@scope/pkg` and `./sub`; `pkg` → `pkg` and `.`. */
export function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length).join('/');
  return { name: parts.slice(0, length).join('/'), subpath: rest ? `./${rest}` : '.' };
}

function packageEntry(specifier: string, packageDir: string, subpath: string): PluginLocation {
  const manifestFile = path.join(packageDir, 'package.json');
  let manifest: { exports?: unknown; main?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new EtlError('PLUGIN_INVALID', `source plugin '${specifier}': cannot read ${manifestFile}: ${(error as Error).message}`, {
      cause: error,
      hint: 'reinstall the package; its package.json must be valid JSON',
    });
  }
  const fromExports = manifest.exports === undefined ? undefined : exportTarget(manifest.exports, subpath);
  if (manifest.exports !== undefined && fromExports === undefined) {
    throw new EtlError('PLUGIN_INVALID', `source plugin '${specifier}': ${manifestFile} exports no '${subpath}' for import`, {
      hint: 'the package must export its source definition under "exports" with an "import" or "default" condition',
    });
  }
  const main = typeof manifest.main === 'string' ? manifest.main : 'index.js';
  const relative = fromExports ?? (subpath === '.' ? main : subpath);
  const file = path.resolve(packageDir, relative);
  const found = [file, ...MODULE_EXTENSIONS.map((ext) => file + ext)].find(isFile);
  if (found === undefined) {
    throw new EtlError('PLUGIN_INVALID', `source plugin '${specifier}': its entry ${file} (from ${manifestFile}) does not exist`, {
      hint: 'build or reinstall the package, or fix "exports"/"main" in its package.json',
    });
  }
  return at(found);
}

/** The file a package's `exports` maps `subpath` to, for an `import`: exact keys, `./*` patterns, conditions. */
export function exportTarget(exports: unknown, subpath: string): string | undefined {
  const isSubpathMap = isRecord(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? conditionalTarget(exports) : undefined;
  const map = exports as Record<string, unknown>;
  if (subpath in map) return conditionalTarget(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      const target = conditionalTarget(value);
      return target?.replaceAll('*', subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

function conditionalTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(conditionalTarget).find((t) => t !== undefined);
  if (!isRecord(value)) return undefined;
  for (const [condition, target] of Object.entries(value)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const resolved = conditionalTarget(target);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

function at(file: string): PluginLocation {
  return { file, url: pathToFileURL(file).href };
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
