import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import vitestConfig from '../../vitest.config.js';
import { CONNECTOR_GROUPS, conformanceCoverage, globToRegExp, runsConformance } from './conformance-coverage.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const include = (vitestConfig.test?.include ?? []).map(globToRegExp);

describe('every connector package runs the conformance suite', () => {
  const coverage = conformanceCoverage(ROOT);

  it('finds the connector and example packages', () => {
    for (const group of CONNECTOR_GROUPS) expect(coverage.some((pkg) => pkg.dir.startsWith(`${group}/`)), group).toBe(true);
  });

  for (const pkg of coverage) {
    it(`${pkg.dir} has a test file that calls testSource, and the root test run includes it`, () => {
      expect(pkg.conformanceFiles, `${pkg.dir}: no test file imports testSource from @synap-etl/connector-kit and calls it`).not.toEqual([]);
      const included = pkg.conformanceFiles.filter((file) => include.some((pattern) => pattern.test(file)));
      expect(included, `${pkg.dir}: ${pkg.conformanceFiles.join(', ')} not matched by vitest.config.ts include`).not.toEqual([]);
    });
  }
});

describe('the coverage check itself', () => {
  const fake = mkdtempSync(path.join(tmpdir(), 'synap-etl-meta-'));
  afterAll(() => rmSync(fake, { recursive: true, force: true }));
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(fake, relative)), { recursive: true });
    writeFileSync(path.join(fake, relative), text);
  };

  it('flags a package without the suite, or with it only in a comment, and ignores dot folders and non-packages', () => {
    const call = "import { testSource } from '@synap-etl/connector-kit';\ntestSource({ name: 'x', create, expectedCount: 9 });\n";
    write('connectors/good/package.json', '{}');
    write('connectors/good/test/deep/conformance.test.ts', call);
    write('connectors/commented/package.json', '{}');
    write('connectors/commented/test/a.test.ts', "import { testSource } from '@synap-etl/connector-kit';\n// testSource({ name: 'x' });\n");
    write('connectors/imported-only/package.json', '{}');
    write('connectors/imported-only/test/a.test.ts', "import { testSource } from '@synap-etl/connector-kit';\nvoid testSource;\n");
    write('connectors/.tmp-scaffold-1/package.json', '{}');
    write('connectors/not-a-package/readme.md', 'no package.json');
    write('examples/no-tests/package.json', '{}');
    write('examples/no-tests/src/index.test.ts.bak', call);

    const found = Object.fromEntries(conformanceCoverage(fake).map((pkg) => [pkg.dir, pkg.conformanceFiles]));
    expect(found).toEqual({
      'connectors/commented': [],
      'connectors/good': ['connectors/good/test/deep/conformance.test.ts'],
      'connectors/imported-only': [],
      'examples/no-tests': [],
    });
  });

  it('recognises a call with a multi-line import, and not a call to a look-alike', () => {
    expect(runsConformance("import {\n  collect,\n  testSource,\n} from '@synap-etl/connector-kit';\ntestSource({});")).toBe(true);
    expect(runsConformance("import { testSource } from './my-kit';\ntestSource({});")).toBe(false);
    expect(runsConformance("import { testSource } from '@synap-etl/connector-kit';\nmyTestSource({});")).toBe(false);
  });

  it('matches paths against include globs as vitest does for these patterns', () => {
    expect(globToRegExp('connectors/*/test/**/*.test.ts').test('connectors/file/test/conformance.test.ts')).toBe(true);
    expect(globToRegExp('connectors/*/test/**/*.test.ts').test('connectors/file/test/a/b/c.test.ts')).toBe(true);
    expect(globToRegExp('connectors/*/test/**/*.test.ts').test('connectors/file/src/c.test.ts')).toBe(false);
    expect(globToRegExp('examples/*/test/**/*.test.ts').test('connectors/file/test/c.test.ts')).toBe(false);
  });
});
