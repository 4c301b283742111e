#!/usr/bin/env bash
# The whole test suite (installing Debian's chromium and postgresql when missing), in order,
# failing fast: typecheck, lint, format, unit/service tests (vitest),
# production build, end-to-end tests (Playwright on Debian's Chromium). Each test runner's result
# is also printed as one plain "N passed, N failed" line, and each phase's wall-clock seconds
# (reports/phases.txt keeps them).
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

mkdir -p reports
: > reports/phases.txt
suite_started=$SECONDS
phase_started=$SECONDS
phase_name=""
# Ends the phase under way (printing its seconds) and starts the one named, if any.
phase() {
  if [ -n "$phase_name" ]; then
    echo "phase $phase_name: $((SECONDS - phase_started)) s" | tee -a reports/phases.txt
  fi
  phase_name="${1:-}"
  phase_started=$SECONDS
  [ -z "$phase_name" ] || echo "== $phase_name"
}

phase setup
bash scripts/ensure-chromium.sh
bash scripts/ensure-postgresql.sh
phase typecheck; npm run --silent typecheck
phase lint; npm run --silent lint
phase format; npm run --silent format:check

phase vitest
vitest_status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || vitest_status=$?
node -e '
  const r = require("./reports/vitest.json");
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
'
[ "$vitest_status" -eq 0 ] || exit "$vitest_status"

phase build; npm run --silent build

phase playwright
pw_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json node_modules/.bin/playwright test --reporter=list,json || pw_status=$?
node -e '
  const s = require("./reports/playwright.json").stats;
  console.log(`playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
'
phase
echo "phase all: $((SECONDS - suite_started)) s" | tee -a reports/phases.txt
exit "$pw_status"
