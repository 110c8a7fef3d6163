import PgBoss from "pg-boss";
import type { Executor } from "@/db/client";
import { RUNTIME_ROLE } from "@/db/runtime-role";
import { JOB_NAMES, JOBS, runJob, type JobName } from "./definitions";
import type { JobRunner } from "./runner";

export const PGBOSS_SCHEMA = "pgboss";

/**
 * pg-boss reaches the caller's transaction through this: its INSERT runs on the transaction's
 * own postgres.js connection, so the job commits or rolls back with the change that queued it.
 */
function transactionDb(tx: Executor): PgBoss.Db {
  const client = (tx as unknown as { session: { client: { unsafe: (q: string, v: unknown[]) => Promise<unknown[]> } } }).session.client;
  return {
    async executeSql(text, values) {
      // pg serialises plain objects as JSON; postgres.js needs it spelled out.
      const params = values.map((v: unknown) => (v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v));
      const rows = await client.unsafe(text, params);
      return { rows: [...rows] };
    },
  };
}

const cronEvery = (minutes: number) => (minutes < 60 ? `*/${minutes} * * * *` : minutes % 1440 === 0 ? "0 0 * * *" : `0 */${Math.max(1, Math.round(minutes / 60))} * * *`);

export type PgBossOptions = {
  /** The owner's login (DATABASE_MIGRATION_URL, else DATABASE_URL): pg-boss creates and migrates its schema with it. */
  url: string;
  /** Work jobs in this process (false: only queue them). */
  work?: boolean;
  /** Seconds between polls of a worker (pg-boss's default is 2). */
  pollingIntervalSeconds?: number;
};

/**
 * Starts pg-boss: creates or migrates its schema (under its own advisory lock, so several
 * servers may start at once), lets the runtime role queue jobs, creates a queue per job,
 * schedules the periodic ones (each slot runs once across all servers) and works them.
 */
export async function startPgBoss({ url, work = true, pollingIntervalSeconds = 2 }: PgBossOptions): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: url, schema: PGBOSS_SCHEMA, max: 4, application_name: "throughline-jobs" });
  boss.on("error", (e) => console.error("[jobs] pg-boss:", e));
  await boss.start();
  // Requests run as the runtime role, which owns nothing; queueing in a request's transaction
  // needs exactly this much of pg-boss's schema.
  const db = boss.getDb();
  await db.executeSql(`GRANT USAGE ON SCHEMA ${PGBOSS_SCHEMA} TO ${RUNTIME_ROLE}`, []);
  await db.executeSql(`GRANT SELECT ON ${PGBOSS_SCHEMA}.queue TO ${RUNTIME_ROLE}`, []);
  await db.executeSql(`GRANT SELECT, INSERT ON ${PGBOSS_SCHEMA}.job TO ${RUNTIME_ROLE}`, []);

  for (const name of JOB_NAMES) {
    const def = JOBS[name];
    const options = { retryLimit: def.retryLimit, retryDelay: def.retryDelaySeconds, retryBackoff: true };
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options }).catch(async (e: unknown) => {
      // Another server created it first.
      if (!(await boss.getQueue(name))) throw e;
    });
    const minutes = def.everyMinutes();
    if (minutes) await boss.schedule(name, cronEvery(minutes), {}, options);
    else await boss.unschedule(name).catch(() => {});
    if (work) {
      await boss.work(name, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        if (job) await runJob(name, job.data);
      });
    }
  }

  return {
    kind: "pg-boss",
    async enqueue(tx, name: JobName, data) {
      await boss.send(name, data, { db: transactionDb(tx) });
    },
    async send(name: JobName, data) {
      await boss.send(name, data);
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
