/** What the generated package.json and README say about the new connector package. */
export interface PackagePlan {
  name: string;
  dir: string;
  packageName: string;
  /** Inside the synap-etl workspace: workspace dependencies, and the root's tsconfig and vitest config apply. */
  inWorkspace: boolean;
  core: string;
  connectorKit: string;
  zod: string;
  vitest: string;
  docsLink: string | undefined;
  /** The package folder relative to the workspace root (forward slashes), when inside it. */
  workspaceDir: string | undefined;
}

export function renderPackageJson(plan: PackagePlan): string {
  const manifest = {
    name: plan.packageName,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `synap-etl source connector: ${plan.name}`,
    exports: { '.': './src/index.ts' },
    ...(plan.inWorkspace ? {} : { scripts: { test: 'vitest run', typecheck: 'tsc -p tsconfig.json' } }),
    dependencies: { '@synap-etl/core': plan.core, zod: plan.zod },
    devDependencies: {
      '@synap-etl/connector-kit': plan.connectorKit,
      ...(plan.inWorkspace ? {} : { vitest: plan.vitest, typescript: '~5.9.3', '@types/node': '^20.19.0' }),
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function renderTsconfig(): string {
  const config = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['src', 'test'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function renderReadme(plan: PackagePlan): string {
  const { name } = plan;
  const install = plan.inWorkspace
    ? ['```sh', 'npx pnpm@10.34.8 install          # links the new package into the workspace', `npx vitest run ${plan.workspaceDir ?? ''}`, '```']
    : [
        '```sh',
        'npx pnpm@10.34.8 install   # @synap-etl/* are linked from the synap-etl checkout (link: dependencies)',
        'npx pnpm@10.34.8 test      # the conformance suite',
        '```',
        '',
        'The `@synap-etl` packages are not published: `link:` points at the checkout this package was generated from,',
        'whose own dependencies are installed. Keep that checkout, or change the paths.',
      ];
  return [
    `# ${plan.packageName}`,
    '',
    `A synap-etl source connector: \`source.type\` resolves it by path or package name.`,
    '',
    '```yaml',
    'source:',
    `  type: ${plan.workspaceDir ? `../${plan.workspaceDir}/src/index.ts   # a path, relative to a config in config/` : `${plan.packageName}   # or a path to src/index.ts`}`,
    `  path: exports/${name}.jsonl`,
    '```',
    '',
    '## Files',
    '',
    '- `src/config.ts`: the options, as a zod schema. Describe every option; mark secrets with `.meta({ secret: true })`.',
    '  Validation, `etl connectors`, the docs and editor completion are generated from it.',
    `- \`src/index.ts\`: \`defineSource({ type: '${name}', description, configSchema, examples, create })\`, exported as \`default\`.`,
    `- \`src/${name}-source.ts\`: the Source lifecycle: \`open()\`, \`read({ after, signal })\`, \`count()\` (optional), \`close()\`.`,
    '- `src/read-page.ts`: fetches one page after a position. **Replace it** with calls to your system: the',
    '  template reads a JSON Lines file so that everything works, and passes the conformance suite, from the start.',
    '- `test/conformance.test.ts`: runs `testSource` from `@synap-etl/connector-kit`, the suite every built-in',
    '  connector passes (order, resume after any position, abort, close). Keep it green as you replace the template.',
    '',
    '## Develop',
    '',
    ...install,
    '',
    'Then try it: `etl connectors <path to src/index.ts>` prints its options; `etl validate` and `etl preview` read',
    'the first records of a pipeline that uses it.',
    '',
    ...(plan.docsLink ? [`The contract, in plain words: [authoring connectors](${plan.docsLink}).`, ''] : []),
  ].join('\n');
}
