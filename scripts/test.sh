#!/usr/bin/env bash
# The whole test suite: services, dependencies, type-check, lint, tests. This is `npm test`, and `.ci/run` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-services.sh
node scripts/setup.mjs
echo "== type-check"
node_modules/.bin/tsc -p tsconfig.json
echo "== lint"
node_modules/.bin/eslint .
echo "== tests"
node_modules/.bin/vitest run "$@"
