import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { startLocalRunner } from "./local";
import { startPgBoss } from "./pg-boss";
import { runnerHolder, type JobRunner } from "./runner";

/**
 * Starts this server's job queue once (instrumentation.ts): pg-boss on PostgreSQL, shared by
 * every server on the database; the in-process runner on the embedded database. With
 * JOBS_WORKER=false a server only queues jobs and leaves the work to the others.
 */
export function startBackgroundJobs(): Promise<JobRunner | undefined> {
  runnerHolder.starting ??= (async () => {
    try {
      // Migrations first: they create the runtime role pg-boss's schema is shared with.
      await getDb();
      const runner = env.DATABASE_URL
        ? await startPgBoss({ url: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL, work: env.JOBS_WORKER })
        : startLocalRunner({ work: env.JOBS_WORKER });
      runnerHolder.runner = runner;
      return runner;
    } catch (e) {
      console.error("[jobs] the job queue did not start; webhooks and sweeps wait until the next start", e);
      runnerHolder.starting = undefined;
      return undefined;
    }
  })();
  return runnerHolder.starting;
}

export { currentRunner, enqueueJob } from "./runner";
