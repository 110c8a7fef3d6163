#!/usr/bin/env bash
# The server for the browser end-to-end suite (playwright.config.ts starts it).
# A fresh embedded database every run: the demo company is seeded on the first request, and
# AUTH_SECRET is left unset so the app generates its own under DATA_DIR.
# E2E_SKIP_BUILD=1 reuses the existing .next build.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATA_DIR=.data/e2e-${E2E_PORT:-3100}
unset AUTH_SECRET DATABASE_URL PGLITE_DIR
export THROUGHLINE_MODE=demo
export NEXT_TELEMETRY_DISABLED=1
# The webhook tests' receivers listen on 127.0.0.1, which production refuses (README).
export WEBHOOK_ALLOW_PRIVATE_TARGETS=true

rm -rf "$DATA_DIR"

if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
  ./node_modules/.bin/next build
fi

exec scripts/serve.sh --hostname 127.0.0.1 --port "${E2E_PORT:-3100}"
