import { spawn, type ChildProcess } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, webhookDeliveries } from "@/db/schema";
import { startPgBoss } from "@/lib/jobs/pg-boss";
import { runnerHolder, type JobRunner } from "@/lib/jobs/runner";
import { raiseDispute } from "@/lib/disputes/commands";
import { assignOwnership } from "@/lib/ownership/commands";
import { createWebhook } from "@/lib/webhooks/commands";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import { asOwner, testDatabaseUrl, usingPostgres, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { raiseInput } from "../helpers/dispute-fixtures";
import { assignInput, makeHeadedDepartment, makeJourney } from "../helpers/ownership-fixtures";
import { startReceiver } from "../helpers/webhook-receiver";

// Two worker processes (`npm run worker`: the app's code, pg-boss) on one PostgreSQL database,
// and this process as an app server that only queues (JOBS_WORKER=false). Every job must run
// once, on one of the workers: each delivery arrives once, and a sweep sent many times
// notifies once.

beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase();

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn("node_modules/.bin/tsx", ["scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: url, DATABASE_MIGRATION_URL: "", THROUGHLINE_MODE: "production", STALE_SWEEP_MINUTES: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      if (c.toString().includes("working jobs")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

describe("two job workers on one database", () => {
  let workers: ChildProcess[] = [];
  let server: JobRunner;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    // Webhook secrets are encrypted under AUTH_SECRET (or the generated one in DATA_DIR): the
    // workers inherit this process's environment and directory, so they read the same one.
    const url = testDatabaseUrl()!;
    receiver = await startReceiver();
    // This process queues without working, like an app server started with JOBS_WORKER=false.
    server = await startPgBoss({ url, work: false });
    runnerHolder.runner = server;
    workers = await Promise.all([startWorker(url), startWorker(url)]);
  }, 120_000);

  afterAll(async () => {
    runnerHolder.runner = undefined;
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => (w.exitCode !== null ? resolve() : (w.on("exit", () => resolve()), w.kill("SIGTERM"))))));
    await server?.stop();
    await receiver?.close();
  });

  it("an action here is delivered once by one of the workers, and a sweep queued many times notifies once", async () => {
    const cast = await makeCast(db());
    await createWebhook({ actor: cast.actors.admin, input: createWebhookSchema.parse({ name: "Both", url: receiver.url, target: "standard", eventTypes: ["ownership.changed", "dispute.overdue"] }) });
    const dep = await makeHeadedDepartment(db());
    const { stageIds } = await makeJourney(cast.actors.cco, 20);
    await Promise.all(stageIds.map((s) => assignOwnership({ actor: cast.actors.cco, input: assignInput(s, dep) })));

    const other = await makeHeadedDepartment(db());
    const { disputeId } = await raiseDispute({ actor: dep.head, input: raiseInput({ partyDepartmentIds: [other.id] }) });
    await asOwner((owner) => owner.execute(sql`update disputes set opened_at = now() - interval '3 days', due_by = now() - interval '1 day' where id = ${disputeId}`));
    for (let i = 0; i < 10; i++) await server.send("disputes.overdue-sweep", {});

    await receiver.waitFor(21);
    await expect.poll(async () => (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.status, "delivered"))).length, { timeout: 30_000 }).toBe(21);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(receiver.received.filter((r) => JSON.parse(r.body).type === "dispute.overdue")).toHaveLength(1);
    const overdue = await db().select().from(notifications).where(and(eq(notifications.userId, cast.users.cco.id), eq(notifications.kind, "dispute_overdue")));
    expect(overdue).toHaveLength(1);
    // Nothing was sent twice while the workers kept polling.
    expect(receiver.received).toHaveLength(21);
  });
});
