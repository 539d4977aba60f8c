import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EtlError, SOURCE_TYPE_PATTERN } from '@synap-etl/core';
import { renderPackageJson, renderReadme, renderTsconfig } from './package-files.js';
import type { PackagePlan } from './package-files.js';
import { CLI_WORKSPACE_ROOT, dependencyRange, findWorkspaceRoot, isInside } from './workspace.js';

export interface ScaffoldOptions {
  /** The connector's `type`: lower-case words joined by dashes. */
  name: string;
  /** Target folder (relative to `cwd`). Default: `connectors/<name>` in the workspace around `cwd`. */
  dir?: string;
  cwd: string;
  /** Names already taken (the built-ins). */
  reserved?: readonly string[];
}

export interface ScaffoldResult {
  dir: string;
  packageName: string;
  /** Paths relative to `dir`, in the order written. */
  files: string[];
  /** The synap-etl workspace the package belongs to, when it was generated inside one. */
  workspaceRoot?: string;
}

const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

/** `etl new connector`: writes a connector package that passes its own conformance test as generated. */
export function scaffoldConnector(options: ScaffoldOptions): ScaffoldResult {
  const { name } = options;
  if (!SOURCE_TYPE_PATTERN.test(name)) {
    throw new EtlError('CONFIG_INVALID', `'${name}' is not a connector name`, {
      hint: 'use lower-case letters, digits and dashes, starting with a letter: zendesk, intercom-chats',
    });
  }
  if (options.reserved?.includes(name)) {
    throw new EtlError('CONFIG_INVALID', `'${name}' is already a built-in connector`, { hint: 'pick another name, e.g. my-' + name });
  }
  const requested = options.dir === undefined ? undefined : path.resolve(options.cwd, options.dir);
  const workspace = findWorkspaceRoot(requested === undefined ? options.cwd : path.dirname(requested));
  if (requested === undefined && workspace === undefined) {
    throw new EtlError('CONFIG_INVALID', `not inside the synap-etl workspace (looked up from ${options.cwd})`, {
      hint: 'pass --dir <folder> to create the connector elsewhere, or run the command inside the synap-etl checkout',
    });
  }
  const dir = requested ?? path.join(workspace as string, 'connectors', name);
  ensureEmpty(dir);

  const inWorkspace = workspace !== undefined && isInside(workspace, dir);
  const plan = packagePlan(name, dir, inWorkspace ? workspace : undefined);
  const replacements = placeholders(name);
  const files: Array<[string, string]> = [
    ['package.json', renderPackageJson(plan)],
    ['README.md', renderReadme(plan)],
    ...(inWorkspace ? [] : ([['tsconfig.json', renderTsconfig()]] as Array<[string, string]>)),
    ['src/index.ts', template('src/index.ts.tpl', replacements)],
    ['src/config.ts', template('src/config.ts.tpl', replacements)],
    [`src/${name}-source.ts`, template('src/source.ts.tpl', replacements)],
    ['src/read-page.ts', template('src/read-page.ts.tpl', replacements)],
    ['test/conformance.test.ts', template('test/conformance.test.ts.tpl', replacements)],
  ];
  for (const [relative, content] of files) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), content);
  }
  return { dir, packageName: plan.packageName, files: files.map(([relative]) => relative), ...(inWorkspace ? { workspaceRoot: workspace } : {}) };
}

function packagePlan(name: string, dir: string, workspace: string | undefined): PackagePlan {
  const source = workspace ?? CLI_WORKSPACE_ROOT;
  const link = (packageDir: string) => (source === undefined ? '^0.1.0' : `link:${path.join(source, packageDir)}`);
  return {
    name,
    dir,
    inWorkspace: workspace !== undefined,
    packageName: workspace !== undefined ? `@synap-etl/connector-${name}` : `synap-etl-connector-${name}`,
    core: workspace !== undefined ? 'workspace:*' : link('packages/core'),
    connectorKit: workspace !== undefined ? 'workspace:*' : link('packages/connector-kit'),
    zod: dependencyRange(source, 'packages/core', 'zod', '^4.0.0'),
    vitest: dependencyRange(source, '.', 'vitest', '^4.0.0'),
    docsLink: docsLink(dir, workspace),
    workspaceDir: workspace === undefined ? undefined : path.relative(workspace, dir).split(path.sep).join('/'),
  };
}

function docsLink(dir: string, workspace: string | undefined): string | undefined {
  if (workspace !== undefined) return path.relative(dir, path.join(workspace, 'docs/authoring-connectors.md')).split(path.sep).join('/');
  return CLI_WORKSPACE_ROOT === undefined ? undefined : path.join(CLI_WORKSPACE_ROOT, 'docs/authoring-connectors.md');
}

function placeholders(name: string): Array<[string, string]> {
  const words = name.split('-');
  const pascal = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return [
    ['__CONST__', words.join('_').toUpperCase()],
    ['__PASCAL__', pascal],
    ['__CAMEL__', pascal.charAt(0).toLowerCase() + pascal.slice(1)],
    ['__TYPE__', name],
  ];
}

function template(file: string, replacements: Array<[string, string]>): string {
  let text = readFileSync(path.join(TEMPLATES, file), 'utf8');
  for (const [from, to] of replacements) text = text.replaceAll(from, to);
  return text;
}

function ensureEmpty(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory() || readdirSync(dir).length > 0) {
    throw new EtlError('CONFIG_INVALID', `${dir} already exists and is not an empty folder`, {
      hint: 'choose another name or --dir; nothing was written',
    });
  }
}
