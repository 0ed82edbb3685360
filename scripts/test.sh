#!/usr/bin/env bash
# Sets up and runs every check and test: generated code up to date, lint, types, and the whole
# vitest suite (unit, lab, end-to-end and browser tests), the files that failed once more. Ends
# with one line "N passed, N failed, N skipped" computed from vitest's JSON reports.
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
rm -f test-results/vitest*.json
run_vitest() { pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="test-results/$1.json" "${@:2}"; }
echo "== vitest" >&2
run_vitest vitest "$@"
rc=$?
reports=(test-results/vitest.json)
if [ $rc -ne 0 ]; then
  # The files that failed run once more, alone, and the summary names each of them with its
  # second verdict: a timing-sensitive lab test or a worker that died (a native crash) on a
  # loaded machine does not sink the run, and a test that really fails fails twice. A failure
  # that belongs to no file, or more than a few files failing, is not given a second run.
  mapfile -t again < <(node scripts/test-summary.ts --failed-files test-results/vitest.json)
  if [ ${#again[@]} -gt 0 ] && [ ${#again[@]} -le 5 ]; then
    echo "== vitest, once more for the files that failed: ${again[*]}" >&2
    run_vitest vitest-again "${again[@]}"
    rc=$?
    reports+=(test-results/vitest-again.json)
  fi
fi
[ $rc -eq 0 ] || { echo "FAILED: vitest" >&2; status=1; }
node scripts/test-summary.ts "${reports[@]}" || status=1
exit $status
