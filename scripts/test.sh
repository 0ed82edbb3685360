#!/usr/bin/env bash
# Sets up and runs every check and test: generated code up to date, lint, types, and the whole
# vitest suite (unit, lab, end-to-end and browser tests). Ends with one line
# "N passed, N failed, N skipped" computed from vitest's JSON report.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh || exit 1
# shellcheck source=scripts/env.sh
source scripts/env.sh

status=0
step() {
  echo "== $*" >&2
  "$@" || { echo "FAILED: $*" >&2; status=1; }
}
step pnpm --silent gen --check
step pnpm exec biome check .
step pnpm exec tsc -p tsconfig.json
step pnpm exec tsc -p web/tsconfig.json
mkdir -p test-results
rm -f test-results/vitest.json
step pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
node scripts/test-summary.ts test-results/vitest.json || status=1
exit $status
