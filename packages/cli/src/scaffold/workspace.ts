import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The synap-etl monorepo this CLI runs from, found from the CLI's own location. */
export const CLI_WORKSPACE_ROOT = findWorkspaceRoot(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The synap-etl workspace root at or above `from`: a folder with `pnpm-workspace.yaml` whose package.json is
 * named `synap-etl`. Undefined outside one.
 */
export function findWorkspaceRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (isFile(path.join(dir, 'pnpm-workspace.yaml')) && readName(path.join(dir, 'package.json')) === 'synap-etl') return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** True when `target` is `root` or inside it. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, path.resolve(target));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A dependency range from a workspace package's package.json, e.g. zod's range from packages/core. */
export function dependencyRange(root: string | undefined, packageDir: string, name: string, fallback: string): string {
  if (root === undefined) return fallback;
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, packageDir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return manifest.dependencies?.[name] ?? manifest.devDependencies?.[name] ?? fallback;
  } catch {
    return fallback;
  }
}

function readName(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
