import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { SSO_E2E } from "./tests/e2e-sso/settings";

// The single sign-on browser suite: a real OpenID Connect provider and two app servers of its
// own, one with passwords off (AUTH_SSO_ONLY) and one with passwords and single sign-on side by
// side (tests/e2e-sso/mixed.spec.ts), so the main suite's server keeps its plain password sign-in. `npm test` runs it after the main suite (scripts/test-all.sh).
export default defineConfig({
  ...base,
  testDir: "tests/e2e-sso",
  use: { ...base.use, baseURL: SSO_E2E.appUrl },
  webServer: [
    {
      command: "./node_modules/.bin/tsx tests/e2e-sso/oidc-server.ts",
      url: `${SSO_E2E.issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: "bash scripts/e2e-sso-server.sh",
      url: `${SSO_E2E.appUrl}/sign-in`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    // Started after the one above is up (and has built, when it builds): passwords on too.
    {
      command: "bash scripts/e2e-sso-server.sh mixed",
      url: `${SSO_E2E.mixedUrl}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
