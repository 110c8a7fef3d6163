#!/usr/bin/env bash
# The app server of the single sign-on browser suite (playwright.sso.config.ts starts it, with
# the test identity provider of tests/e2e-sso/oidc-server.ts): the demo company on a fresh
# embedded database, single sign-on configured and passwords turned off (AUTH_SSO_ONLY).
# With the argument `mixed`: the same, with passwords on as well, on $E2E_SSO_MIXED_PORT; it
# never builds (Playwright starts it after the first server, which builds when asked to).
# E2E_SKIP_BUILD=1 reuses the existing .next build (npm test builds once, for both suites).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-sso-only}
port=${E2E_SSO_PORT:-3110}
[ "$mode" = "mixed" ] && port=${E2E_SSO_MIXED_PORT:-3112}
oidc_port=${E2E_OIDC_PORT:-3111}
export DATA_DIR=.data/e2e-sso-$port
unset AUTH_SECRET DATABASE_URL PGLITE_DIR AUTH_URL NEXTAUTH_URL
export THROUGHLINE_MODE=demo
export NEXT_TELEMETRY_DISABLED=1

# Mirrors tests/e2e-sso/settings.ts.
export OIDC_ISSUER=http://127.0.0.1:$oidc_port
export OIDC_CLIENT_ID=throughline-e2e
export OIDC_CLIENT_SECRET=throughline-e2e-secret-0123456789
export OIDC_NAME="Test IdP"
export OIDC_SCOPES="openid email profile groups"
export OIDC_ROLE_CLAIM=groups
export OIDC_ROLE_MAP="it-admins=admin,cx-leads=cco,execs=executive"
export OIDC_DEPARTMENT_CLAIM=department
if [ "$mode" = "mixed" ]; then unset AUTH_SSO_ONLY; else export AUTH_SSO_ONLY=1; fi

rm -rf "$DATA_DIR"

if [ "${E2E_SKIP_BUILD:-}" != "1" ] && [ "$mode" != "mixed" ]; then
  ./node_modules/.bin/next build
fi

exec scripts/serve.sh --hostname 127.0.0.1 --port "$port"
