import fs from "node:fs";
import { defineConfig, devices, type ReporterDescription } from "@playwright/test";

// Browser end-to-end suite. The web server is a production build on a fresh embedded
// database (scripts/e2e-server.sh), so every run starts from the seeded demo company.
// E2E_PORT lets two checkouts run their browser suites side by side.
const PORT = Number(process.env.E2E_PORT || 3100);
// Browse on localhost, never 127.0.0.1: Auth.js redirects to `localhost` and the session
// cookie must belong to the same host.
const baseURL = `http://localhost:${PORT}`;

// Playwright's own browser download does not work on every machine; prefer the system
// Chromium when there is one, else Playwright's bundled build.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const launchOptions = fs.existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    }
  : {};

const reporter: ReporterDescription[] = [["list"]];
if (process.env.PLAYWRIGHT_JSON) reporter.push(["json", { outputFile: process.env.PLAYWRIGHT_JSON }]);

export default defineConfig({
  testDir: "tests/e2e",
  // One server holds one PGlite database: run tests one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
  ],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `${baseURL}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
