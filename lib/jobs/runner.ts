import type { Executor } from "@/db/client";
import type { JobName } from "./definitions";

/** What the app asks of a job queue; pg-boss on PostgreSQL, the in-process runner on PGlite. */
export interface JobRunner {
  readonly kind: "pg-boss" | "local";
  /**
   * Queues a job in the caller's transaction: it exists only if the transaction commits (on
   * PostgreSQL the job row is written on the transaction's connection; on PGlite the one
   * connection is held by the transaction, so the job's handler cannot read before it commits and
   * finds nothing when it rolled back).
   */
  enqueue(tx: Executor, name: JobName, data: object): Promise<void>;
  /** Queues a job outside any transaction. */
  send(name: JobName, data: object): Promise<void>;
  stop(): Promise<void>;
}

type Holder = { runner?: JobRunner; starting?: Promise<JobRunner | undefined> };
// One runner per process, shared by Next's bundles (instrumentation, actions, route handlers).
export const runnerHolder = ((globalThis as { __throughlineJobRunner?: Holder }).__throughlineJobRunner ??= {});

/** The process's runner, once started (jobs enqueued before then are found by webhooks.recover). */
export function currentRunner(): JobRunner | undefined {
  return runnerHolder.runner;
}

/**
 * Queues a job in the caller's transaction when this process runs a queue; see JobRunner.enqueue.
 * A request that arrives while the queue is still starting waits for it: skipped, a notification
 * email would be lost (webhooks have their recovery sweep, emails have none).
 */
export async function enqueueJob(tx: Executor, name: JobName, data: object): Promise<void> {
  const runner = runnerHolder.runner ?? (await runnerHolder.starting);
  await runner?.enqueue(tx, name, data);
}
