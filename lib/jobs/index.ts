import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { startLocalRunner } from "./local";
import { startPgBoss } from "./pg-boss";
import { runnerHolder, type JobRunner } from "./runner";

/**
 * Starts this server's job queue once (instrumentation.ts): pg-boss on PostgreSQL, shared by
 * every server on the database; the in-process runner on the embedded database. With
 * JOBS_WORKER=false a server only queues jobs and leaves the work to the others. A start that
 * fails (the database is down while the server boots) is tried again after `retryMs`, doubling
 * up to five minutes, so the server does not go without jobs until its next restart; 0 gives up.
 */
export function startBackgroundJobs({ retryMs = 0 }: { retryMs?: number } = {}): Promise<JobRunner | undefined> {
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
      runnerHolder.starting = undefined;
      if (!retryMs) {
        console.error("[jobs] the job queue did not start", e);
        return undefined;
      }
      console.error(`[jobs] the job queue did not start; trying again in ${Math.round(retryMs / 1000)} s`, e);
      setTimeout(() => void startBackgroundJobs({ retryMs: Math.min(retryMs * 2, 300_000) }), retryMs).unref();
      return undefined;
    }
  })();
  return runnerHolder.starting;
}

export { currentRunner, enqueueJob } from "./runner";
