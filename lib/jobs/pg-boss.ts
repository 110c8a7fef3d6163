import PgBoss from "pg-boss";
import postgres from "postgres";
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

// The advisory lock every queue start holds (its own namespace, beside lib/auth/throttle.ts's).
const START_LOCK = [7384301, 1] as const;

/**
 * Runs `work` while holding a cluster-wide advisory lock on a connection of its own, so servers
 * and workers that start at the same moment (a deploy restarts them together) set up pg-boss one
 * after the other. Unserialised, their GRANTs fail with "tuple concurrently updated" and their
 * queue creation can deadlock, and a server whose start failed works no jobs until it restarts.
 */
async function underStartLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const lock = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "throughline-jobs-start" } });
  try {
    await lock`select pg_advisory_lock(${START_LOCK[0]}::int, ${START_LOCK[1]}::int)`;
    return await work();
  } finally {
    // Ending the connection releases the lock whatever happened.
    await lock.end({ timeout: 5 });
  }
}

/**
 * pg-boss's side of the database, made ready by one starting process at a time: its schema
 * created or migrated, the runtime role allowed to queue jobs, a queue per job, and the periodic
 * ones scheduled (each slot runs once across all servers).
 */
async function setUp(boss: PgBoss): Promise<void> {
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
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
    const minutes = def.everyMinutes();
    if (minutes) await boss.schedule(name, cronEvery(minutes), {}, options);
    else await boss.unschedule(name).catch(() => {});
  }
}

/**
 * Starts pg-boss (set up under the start lock, so several servers and workers may start at once)
 * and, unless `work` is false, works every job in this process.
 */
export async function startPgBoss({ url, work = true, pollingIntervalSeconds = 2 }: PgBossOptions): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: url, schema: PGBOSS_SCHEMA, max: 4, application_name: "throughline-jobs" });
  boss.on("error", (e) => console.error("[jobs] pg-boss:", e));
  try {
    await underStartLock(url, () => setUp(boss));
  } catch (e) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw e;
  }
  if (work) {
    for (const name of JOB_NAMES) {
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
