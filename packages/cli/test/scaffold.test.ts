import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_SOURCES } from '../src/builtins.js';
import { SourceRegistry } from '../src/config/source-registry.js';
import { scaffoldConnector } from '../src/scaffold/scaffold-connector.js';
import { PluginSandbox, REPO_ROOT, runEtl } from './helpers/plugin-sandbox.js';

// Inside the workspace, so the generated package resolves like one `pnpm install` linked; a dot folder, so
// neither the root test run nor the conformance meta-test picks it up; git-ignored; removed at the end.
const insideDir = path.join(REPO_ROOT, 'connectors', `.tmp-scaffold-${randomBytes(4).toString('hex')}`);
const outside = new PluginSandbox('scaffold');
afterAll(() => {
  rmSync(insideDir, { recursive: true, force: true });
  outside.remove();
});

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** What `pnpm install` does for a new workspace package: link its dependencies into its node_modules. */
function linkWorkspaceDependencies(dir: string): void {
  const links: Array<[string, string]> = [
    ['@synap-etl/core', path.join(REPO_ROOT, 'packages/core')],
    ['@synap-etl/connector-kit', path.join(REPO_ROOT, 'packages/connector-kit')],
    ['zod', realpathSync(path.join(REPO_ROOT, 'packages/core/node_modules/zod'))],
  ];
  for (const [name, target] of links) {
    mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
  }
}

describe('etl new connector', () => {
  it('generates a workspace package whose conformance test passes, and which type-checks, straight away', async () => {
    const result = await runEtl(['new', 'connector', 'acme-desk', '--dir', insideDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created @synap-etl/connector-acme-desk');
    for (const file of ['package.json', 'README.md', 'src/index.ts', 'src/config.ts', 'src/acme-desk-source.ts', 'src/read-page.ts', 'test/conformance.test.ts']) {
      expect(existsSync(path.join(insideDir, file)), file).toBe(true);
      expect(result.stdout).toContain(`  ${file}`);
    }
    const manifest = JSON.parse(readFileSync(path.join(insideDir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.dependencies?.['@synap-etl/core']).toBe('workspace:*');
    expect(manifest.devDependencies?.['@synap-etl/connector-kit']).toBe('workspace:*');
    expect(existsSync(path.join(insideDir, 'tsconfig.json'))).toBe(false); // the root tsconfig covers connectors/*

    linkWorkspaceDependencies(insideDir);
    const tests = await run(path.join(REPO_ROOT, 'node_modules/.bin/vitest'), ['run', '--root', insideDir], REPO_ROOT);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    expect(tests.output).not.toMatch(/failed|skipped/);
    expect(Number(/Tests\s+(\d+) passed/.exec(tests.output)?.[1])).toBeGreaterThanOrEqual(30);
    expect(tests.code).toBe(0);

    writeFileSync(path.join(insideDir, 'tsconfig.check.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['src', 'test'] }));
    const types = await run(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(insideDir, 'tsconfig.check.json')], REPO_ROOT);
    expect(types.output).toBe('');
    expect(types.code).toBe(0);
  });

  it('generates a plugin the loader accepts, with options documented from its schema', async () => {
    const definition = await new SourceRegistry(BUILTIN_SOURCES).resolve('./src/index.ts', insideDir);
    expect(definition.type).toBe('acme-desk');
    const shown = await runEtl(['connectors', path.join(insideDir, 'src/index.ts')]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('  path (required): string');
    expect(shown.stdout).toContain('  page_size: integer  default 100');
  });

  it('generates a standalone package outside the workspace that installs (offline) and passes its test', async () => {
    const dir = path.join(outside.root, 'acme-desk');
    const result = await runEtl(['new', 'connector', 'acme-desk', '--dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created synap-etl-connector-acme-desk');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.dependencies?.['@synap-etl/core']).toBe(`link:${path.join(REPO_ROOT, 'packages/core')}`);
    expect(manifest.devDependencies?.['@synap-etl/connector-kit']).toBe(`link:${path.join(REPO_ROOT, 'packages/connector-kit')}`);
    expect(manifest.scripts?.test).toBe('vitest run');
    expect(existsSync(path.join(dir, 'tsconfig.json'))).toBe(true);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('npx pnpm@10.34.8 install');

    // What its README says to do; --offline: every package it needs is already in the store this checkout uses.
    const install = await run('npx', ['--yes', 'pnpm@10.34.8', 'install', '--offline'], dir);
    expect(install.output).not.toMatch(/ERR_PNPM/);
    expect(install.code).toBe(0);
    const tests = await run(path.join(dir, 'node_modules/.bin/vitest'), ['run'], dir);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    expect(tests.output).not.toMatch(/failed|skipped/);
    expect(tests.code).toBe(0);
  });

  it('defaults to connectors/<name> of the workspace around the working directory, and needs --dir outside one', () => {
    const workspace = path.join(outside.root, 'fake-workspace');
    mkdirSync(path.join(workspace, 'packages/app'), { recursive: true });
    writeFileSync(path.join(workspace, 'pnpm-workspace.yaml'), 'packages:\n  - connectors/*\n');
    writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'synap-etl' }));
    const created = scaffoldConnector({ name: 'zen', cwd: path.join(workspace, 'packages/app') });
    expect(created.dir).toBe(path.join(workspace, 'connectors/zen'));
    expect(created.workspaceRoot).toBe(workspace);
    expect(created.packageName).toBe('@synap-etl/connector-zen');
    expect(readFileSync(path.join(created.dir, 'README.md'), 'utf8')).toContain('type: ../connectors/zen/src/index.ts');

    const nowhere = path.join(outside.root, 'not-a-workspace');
    mkdirSync(nowhere);
    expect(() => scaffoldConnector({ name: 'zen', cwd: nowhere })).toThrow(/not inside the synap-etl workspace/);
    expect(readdirSync(nowhere)).toEqual([]);
  });

  it('refuses a malformed name, a built-in name and a folder that is not empty, writing nothing', async () => {
    const target = path.join(outside.root, 'refused');
    for (const name of ['Acme', 'acme_desk', 'file']) {
      const result = await runEtl(['new', 'connector', name, '--dir', target]);
      expect(result.code, name).toBe(2);
      expect(existsSync(target), name).toBe(false);
    }
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'mine');
    const result = await runEtl(['new', 'connector', 'acme', '--dir', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists and is not an empty folder');
    expect(readdirSync(target)).toEqual(['keep.txt']);
  });
});
