import { afterAll, beforeAll } from "vitest";
import { env } from "@/lib/env";
import { startLocalRunner } from "@/lib/jobs/local";
import { startPgBoss } from "@/lib/jobs/pg-boss";
import { runnerHolder, type JobRunner } from "@/lib/jobs/runner";
import { testDatabaseUrl } from "./db";
import { startSmtp } from "./smtp-receiver";

/**
 * For one test file's describe block, after useTestDatabase(): a local SMTP server the app's email
 * points at (the environment is read once at start, so SMTP_URL is set for the block and put
 * back after it), and the job queue that sends it: pg-boss on PostgreSQL, the in-process runner
 * on PGlite. Read `smtp` and `runner` inside tests and hooks, once the block has started.
 */
export function useMailAndJobs(): { readonly smtp: Awaited<ReturnType<typeof startSmtp>>; readonly runner: JobRunner } {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  let runner: JobRunner | undefined;
  const saved = env.SMTP_URL;
  beforeAll(async () => {
    smtp = await startSmtp();
    env.SMTP_URL = smtp.url;
    const url = testDatabaseUrl();
    runner = url ? await startPgBoss({ url, pollingIntervalSeconds: 0.5 }) : startLocalRunner({ work: true, schedule: false });
    runnerHolder.runner = runner;
  });
  afterAll(async () => {
    runnerHolder.runner = undefined;
    await runner?.stop();
    env.SMTP_URL = saved;
    await smtp?.close();
  });
  return {
    get smtp() {
      if (!smtp) throw new Error("useMailAndJobs: the SMTP server starts in beforeAll; read it inside a test.");
      return smtp;
    },
    get runner() {
      if (!runner) throw new Error("useMailAndJobs: the job runner starts in beforeAll; read it inside a test.");
      return runner;
    },
  };
}
