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
results="$(mktemp -t vitest-results.XXXXXX.json)"
status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line with the totals, whatever the reporter printed above.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" || true
rm -f "$results"
exit "$status"
