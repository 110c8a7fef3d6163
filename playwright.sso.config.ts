import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { SSO_E2E } from "./tests/e2e-sso/settings";

// The single sign-on browser suite: its own app server (passwords off, single sign-on with a
// real OpenID Connect provider that this config starts too), so the main suite's server keeps
// its password sign-in. `npm test` runs it after the main suite (scripts/test-all.sh).
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
  ],
});
