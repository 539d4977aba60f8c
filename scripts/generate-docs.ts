// Regenerates the connector option docs (docs/connectors/) and the config JSON Schema (config/pipeline.schema.json)
// from the connector definitions: `npm run docs`. `npm run docs -- --check` only reports stale files (exit 1).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_SOURCES } from '../packages/cli/src/builtins.js';
import { findStaleFiles, generatedFiles } from '../packages/cli/src/docs/generated-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = generatedFiles(BUILTIN_SOURCES);
const { outdated, extra } = findStaleFiles(root, files);

if (process.argv.includes('--check')) {
  for (const file of [...outdated, ...extra]) console.log(`stale: ${file}`);
  console.log(outdated.length + extra.length > 0 ? 'run `npm run docs` to regenerate' : `${files.length} generated files are up to date`);
  process.exitCode = outdated.length + extra.length > 0 ? 1 : 0;
} else {
  for (const file of files.filter((f) => outdated.includes(f.path))) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${file.path}`);
  }
  for (const file of extra) {
    rmSync(path.join(root, file));
    console.log(`removed ${file}`);
  }
  if (outdated.length + extra.length === 0) console.log(`${files.length} generated files are up to date`);
}
