import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Folders whose packages are sources and must run the conformance suite. */
export const CONNECTOR_GROUPS = ['connectors', 'examples'] as const;

export interface PackageCoverage {
  /** `connectors/file`, relative to the repository root. */
  dir: string;
  /** Test files (relative to the root) that import testSource from @synap-etl/connector-kit and call it. */
  conformanceFiles: string[];
}

/**
 * Every package under connectors/ and examples/, with the test files that run the conformance suite. Folders
 * starting with a dot (the scaffold test's temporary packages) and folders without package.json are not
 * packages.
 */
export function conformanceCoverage(root: string): PackageCoverage[] {
  const out: PackageCoverage[] = [];
  for (const group of CONNECTOR_GROUPS) {
    const groupDir = path.join(root, group);
    if (!isDirectory(groupDir)) continue;
    for (const name of readdirSync(groupDir).sort()) {
      const dir = path.join(groupDir, name);
      if (name.startsWith('.') || !isDirectory(dir) || !isFile(path.join(dir, 'package.json'))) continue;
      const files = testFiles(dir).filter((file) => runsConformance(readFileSync(file, 'utf8')));
      out.push({ dir: relative(root, dir), conformanceFiles: files.map((file) => relative(root, file)) });
    }
  }
  return out;
}

/** True when the code (comments aside) imports `testSource` from the connector kit and calls it. */
export function runsConformance(code: string): boolean {
  const stripped = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const imported = /import\s*\{[^}]*\btestSource\b[^}]*\}\s*from\s*['"]@synap-etl\/connector-kit['"]/.test(stripped);
  return imported && /\btestSource\s*\(/.test(stripped);
}

/** A vitest include glob (`connectors/*\/test/**\/*.test.ts`) as a regular expression over relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      source += '(?:[^/]+/)*';
      i += 2;
    } else if (char === '*') source += '[^/]*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const file = path.join(dir, name);
    if (isDirectory(file)) out.push(...testFiles(file));
    else if (/\.test\.[cm]?[jt]s$/.test(name)) out.push(file);
  }
  return out;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function isDirectory(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
