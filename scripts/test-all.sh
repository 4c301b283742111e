#!/usr/bin/env bash
# The whole test suite (installing Debian's chromium and postgresql when missing), in order,
# failing fast: typecheck, lint, format, unit/service tests (vitest),
# production build, end-to-end tests (Playwright on Debian's Chromium). Each test runner's result
# is also printed as one plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

bash scripts/ensure-chromium.sh
bash scripts/ensure-postgresql.sh
mkdir -p reports

echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== format"; npm run --silent format:check

echo "== vitest"
vitest_status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || vitest_status=$?
node -e '
  const r = require("./reports/vitest.json");
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
'
[ "$vitest_status" -eq 0 ] || exit "$vitest_status"

echo "== build"; npm run --silent build

echo "== playwright"
pw_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json node_modules/.bin/playwright test --reporter=list,json || pw_status=$?
node -e '
  const s = require("./reports/playwright.json").stats;
  console.log(`playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
'
exit "$pw_status"
