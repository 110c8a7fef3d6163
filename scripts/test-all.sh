#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: typecheck, lint, unit tests, integration tests on
# PGlite (and again on PostgreSQL when TEST_DATABASE_URL is set), then the browser suite.
# Every step runs even if an earlier one failed; the last line sums them all:
#   N passed, N failed
# (typecheck and lint count as one check each; test runners count their tests).
set -uo pipefail
cd "$(dirname "$0")/.."

results=".data/test-results"
rm -rf "$results"
mkdir -p "$results"
export VITE_CONFIG_NATIVE_IGNORE_WARNING=true

check() { # name, command...
  local name=$1; shift
  echo
  echo "━━ $name"
  if "$@"; then echo "pass" > "$results/$name.check"; else echo "fail" > "$results/$name.check"; fi
}

check typecheck npx tsc --noEmit
check lint npx eslint --max-warnings=0 .

echo; echo "━━ unit"
VITEST_JSON="$results/unit.vitest.json" npx vitest run --project unit

echo; echo "━━ integration (PGlite)"
env -u TEST_DATABASE_URL VITEST_JSON="$results/integration-pglite.vitest.json" npx vitest run --project integration

if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  echo; echo "━━ integration (PostgreSQL)"
  VITEST_JSON="$results/integration-postgres.vitest.json" npx vitest run --project integration
  if [[ -d tests/race ]]; then
    echo; echo "━━ race and load (PostgreSQL)"
    VITEST_JSON="$results/race.vitest.json" npx vitest run --project race
  fi
  if [[ -d tests/scale ]]; then
    echo; echo "━━ scale: the large company, full size (PostgreSQL)"
    VITEST_JSON="$results/scale.vitest.json" npx vitest run --project scale
  fi
  # Builds the app and restarts a throwaway cluster of its own (pg_createcluster, root); where
  # that cannot be done the test fails and says why.
  echo; echo "━━ restart under load (PostgreSQL)"
  VITEST_JSON="$results/restart.vitest.json" npx vitest run --project restart
  # Two `next start` servers on one database share the job queue. It reuses the build the restart
  # suite just made (same sources) when there is one from this run, else it builds its own.
  echo; echo "━━ two app servers (PostgreSQL)"
  reuse=""
  if [[ -f .next-restart/BUILD_ID && .next-restart/BUILD_ID -nt "$results" ]]; then reuse=.next-restart; fi
  TWO_SERVERS_DIST_DIR="$reuse" VITEST_JSON="$results/two-servers.vitest.json" npx vitest run --project servers
else
  echo; echo "(TEST_DATABASE_URL is not set: the PostgreSQL integration, race, scale, restart and two-server suites were not run)"
fi

echo; echo "━━ end-to-end (Chromium)"
PLAYWRIGHT_JSON="$results/e2e.playwright.json" npx playwright test
[[ -f "$results/e2e.playwright.json" ]] || echo "fail" > "$results/e2e.check"

# Single sign-on against a real OpenID Connect provider the suite starts, on its own app server
# (passwords off); it reuses the build the browser suite above made, unless that made none.
echo; echo "━━ end-to-end: single sign-on (Chromium, OpenID Connect provider)"
sso_build=()
[[ -f "${NEXT_DIST_DIR:-.next}/BUILD_ID" ]] && sso_build=(E2E_SKIP_BUILD=1)
env "${sso_build[@]}" PLAYWRIGHT_JSON="$results/e2e-sso.playwright.json" npx playwright test --config playwright.sso.config.ts
[[ -f "$results/e2e-sso.playwright.json" ]] || echo "fail" > "$results/e2e-sso.check"

node scripts/summarize-tests.mjs "$results"
