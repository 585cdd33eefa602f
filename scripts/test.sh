#!/usr/bin/env bash
# npm test: build, lint, type-check, then every test; ends with "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."

failed_checks=0
step() {
  local name=$1; shift
  echo "── $name"
  if ! "$@"; then
    echo "✗ $name failed"
    failed_checks=$((failed_checks + 1))
  fi
}

bash scripts/ensure-system-packages.sh || failed_checks=$((failed_checks + 1))
step build npm run --silent build
step lint npm run --silent lint
step typecheck npm run --silent typecheck

report=.vitest-report.json
rm -f "$report"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report"
vitest_status=$?

node scripts/summarize-tests.mjs "$report" "$failed_checks"
summary_status=$?
if [ $vitest_status -ne 0 ] || [ $summary_status -ne 0 ]; then exit 1; fi
