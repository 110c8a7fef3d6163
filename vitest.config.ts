import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    environment: "node",
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/helpers/integration-setup.ts"],
          // Each file opens its own database (PGlite boots in ~4 s); argon2 hashing is slow by design.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      {
        // Races and concurrency need real connections: PostgreSQL only (TEST_DATABASE_URL).
        extends: true,
        test: {
          name: "race",
          include: ["tests/race/**/*.test.ts"],
          setupFiles: ["tests/helpers/integration-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
        },
      },
      {
        // The large generated company at full size (5,000 goals, 250,000 check-ins): PostgreSQL only.
        extends: true,
        test: {
          name: "scale",
          include: ["tests/scale/**/*.test.ts"],
          setupFiles: ["tests/helpers/integration-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
      {
        // Two `next start` servers of one build on one PostgreSQL database (TEST_DATABASE_URL): a job
        // runs once, and an action on one server is delivered by the other. See tests/servers/.
        extends: true,
        test: { name: "servers", include: ["tests/servers/**/*.test.ts"], testTimeout: 5 * 60_000, hookTimeout: 20 * 60_000, maxWorkers: 1 },
      },
      {
        // Restarts a throwaway PostgreSQL cluster under a real `next start` (it builds the app
        // first): PostgreSQL machines only, root for pg_createcluster. See tests/restart/.
        extends: true,
        test: { name: "restart", include: ["tests/restart/**/*.test.ts"], testTimeout: 30 * 60_000, hookTimeout: 60_000, maxWorkers: 1 },
      },
    ],
  },
});
