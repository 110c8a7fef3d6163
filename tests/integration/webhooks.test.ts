import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { runJob } from "@/lib/jobs/definitions";
import { startLocalRunner, type LocalRunner } from "@/lib/jobs/local";
import { startPgBoss } from "@/lib/jobs/pg-boss";
import { runnerHolder, type JobRunner } from "@/lib/jobs/runner";
import { assignOwnership, proposeHandoff } from "@/lib/ownership/commands";
import { deliverWebhook, MAX_DELIVERY_ATTEMPTS } from "@/lib/webhooks/deliver";
import { createWebhook, replayDelivery, updateWebhook } from "@/lib/webhooks/commands";
import { createWebhookSchema, updateWebhookSchema } from "@/lib/webhooks/schemas";
import * as webhookActions from "@/app/(app)/admin/webhooks/actions";
import { auditMark, auditSince } from "../helpers/audit";
import { signInAs } from "../helpers/session";
import { testDatabaseUrl, usingPostgres, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney } from "../helpers/ownership-fixtures";
import { startReceiver } from "../helpers/webhook-receiver";

describe("webhooks", () => {
  const db = useTestDatabase();
  let cast: Awaited<ReturnType<typeof makeCast>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    cast = await makeCast(db());
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  const register = async (over: Partial<{ name: string; url: string; target: "standard" | "chat"; eventTypes: string[] }> = {}) =>
    createWebhook({
      actor: cast.actors.admin,
      input: createWebhookSchema.parse({ name: "Ops", url: receiver.url, target: "standard", eventTypes: ["ownership.changed"], ...over }),
    });
  const deliveriesOf = (endpointId: string) => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

  it("refuses an address that is not http(s), and names every bad field", () => {
    const r = createWebhookSchema.safeParse({ name: "", url: "ftp://x.example/h", target: "pager", eventTypes: ["nope"] });
    expect(r.success).toBe(false);
    const paths = new Set(r.error!.issues.map((i) => i.path.join(".")));
    expect([...paths].sort()).toEqual(["eventTypes.0", "name", "target", "url"]);
    for (const bad of ["javascript:alert(1)", "file:///etc/passwd", "http://user:pw@example.com/", "not a url"]) {
      expect(createWebhookSchema.shape.url.safeParse(bad).success, bad).toBe(false);
    }
    expect(createWebhookSchema.shape.url.safeParse("https://hooks.example.com/x?y=1").success).toBe(true);
  });

  it("every webhook action is refused to anyone but an admin, and writes nothing", async () => {
    const { endpointId } = await register({ name: "Guarded" });
    const [d] = await db().insert(webhookDeliveries).values({ endpointId, eventType: "ownership.changed", payload: { type: "ownership.changed", timestamp: new Date().toISOString(), data: {} } }).returning();
    const inputs = {
      createWebhookAction: { name: "X", url: receiver.url, target: "standard", eventTypes: ["dispute.raised"] },
      updateWebhookAction: { endpointId, name: "Renamed", url: receiver.url, eventTypes: ["dispute.raised"], enabled: "on" },
      replayDeliveryAction: { deliveryId: d!.id },
      rotateWebhookSecretAction: { endpointId },
      deleteWebhookAction: { endpointId, confirmName: "Guarded" },
    };
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(webhookActions).sort());
    for (const [name, input] of Object.entries(inputs)) {
      for (const role of ["cco", "executive", "head", "member", null] as const) {
        signInAs(role ? cast.actors[role] : null);
        const mark = await auditMark(db());
        const result = await (webhookActions as Record<string, (p: unknown, i: unknown) => Promise<{ ok: boolean; code?: string }>>)[name]!(null, input);
        expect(result, `${name} as ${role}`).toMatchObject({ ok: false, code: role ? "forbidden" : "unauthenticated" });
        expect(await auditSince(db(), mark)).toEqual([]);
      }
    }
    signInAs(cast.actors.admin);
    const bad = await webhookActions.createWebhookAction(null, { name: "", url: "gopher://x", target: "x", eventTypes: [] } as never);
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(Object.keys((bad as { fieldErrors: object }).fieldErrors).sort()).toEqual(["eventTypes", "name", "target", "url"]);
    expect(await webhookActions.updateWebhookAction(null, inputs.updateWebhookAction)).toMatchObject({ ok: true });
    signInAs(null);
  });

  it("only admins register endpoints; the secret is shown once, stored encrypted, never audited", async () => {
    await expectRefused(db(), () => createWebhook({ actor: cast.actors.cco, input: createWebhookSchema.parse({ name: "X", url: receiver.url, target: "standard", eventTypes: ["dispute.raised"] }) }), "forbidden");
    const mark = await auditMark(db());
    const { endpointId, secret } = await register({ name: "Audited" });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    expect(row!.secretEncrypted).not.toContain(secret.slice(6));
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["webhook.created"]);
    expect(JSON.stringify(events)).not.toContain(secret.slice(6));
    await updateWebhook({ actor: cast.actors.admin, input: updateWebhookSchema.parse({ endpointId, name: "Audited", url: receiver.url, eventTypes: ["ownership.changed"], enabled: "false" }) });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["webhook.created", "webhook.updated"]);
  });

  it("an ownership change writes its delivery in its own transaction and sends it signed, once", async () => {
    const { endpointId, secret } = await register();
    const dep = await makeHeadedDepartment(db());
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    // A refused change leaves no delivery behind.
    await expectRefused(db(), () => assignOwnership({ actor: cast.actors.head, input: assignInput(stageIds[0]!, dep) }), "forbidden");
    expect(await deliveriesOf(endpointId)).toHaveLength(0);

    await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, dep, { reason: "Sales runs it" }) });
    const [d] = await deliveriesOf(endpointId);
    expect(d).toMatchObject({ eventType: "ownership.changed", status: "pending", attempts: 0 });

    const before = receiver.received.length;
    expect(await deliverWebhook(d!.id)).toBe("delivered");
    // Running the job again (a retry after a crash, a second worker) sends nothing more.
    expect(await deliverWebhook(d!.id)).toBe("skipped");
    expect(receiver.received.length).toBe(before + 1);

    const req = receiver.received.at(-1)!;
    expect(req.headers["webhook-id"]).toBe(d!.id);
    const verified = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as { type: string; data: { action: string; entityId: string; reason: string } };
    expect(verified).toMatchObject({ type: "ownership.changed", data: { action: "ownership.assigned", entityId: stageIds[0], reason: "Sales runs it" } });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(req.body, req.headers as Record<string, string>)).toThrow();

    const [after] = await deliveriesOf(endpointId);
    expect(after).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(after!.lastDurationMs).toBeGreaterThanOrEqual(0);
  });

  it("a chat target gets a readable line with names, not ids", async () => {
    const { endpointId } = await register({ name: "Slack", target: "chat", eventTypes: ["handoff.offered"] });
    const [from, to] = [await makeHeadedDepartment(db(), "Billing team"), await makeHeadedDepartment(db(), "Support team")];
    const { journeyId, stageIds } = await makeJourney(cast.actors.cco, 1);
    await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, from) });
    await proposeHandoff({ actor: from.head, input: { stageId: stageIds[0]!, toDepartmentId: to.id, note: "They do it", goalDisposition: "move", force: false } });
    const [d] = await deliveriesOf(endpointId);
    expect(await deliverWebhook(d!.id)).toBe("delivered");
    const { text } = JSON.parse(receiver.received.at(-1)!.body) as { text: string };
    expect(text).toContain("A department offered a stage to another");
    expect(text).toContain("Head of Billing team offered Stage 1 from Billing team to Support team");
    const [heading, line, link] = text.split("\n");
    expect(`${heading}\n${line}`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(link).toBe(`http://localhost:3000/journeys/${journeyId}/stages/${stageIds[0]}`);
  });

  it("retries a failing endpoint, gives up after the last attempt, and disables it after repeated failures, telling the admins", async () => {
    const failing = await startReceiver(500);
    try {
      const { endpointId } = await register({ name: "Flaky", url: failing.url, eventTypes: ["ownership.changed"] });
      const dep = await makeHeadedDepartment(db());
      const { stageIds } = await makeJourney(cast.actors.cco, 5);
      const mark = await auditMark(db());
      for (let i = 0; i < 5; i++) {
        await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[i]!, dep) });
      }
      const ds = (await deliveriesOf(endpointId)).filter((d) => d.status === "pending");
      expect(ds).toHaveLength(5);
      for (const d of ds) {
        for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) await expect(deliverWebhook(d.id)).rejects.toThrow(/answered 500/);
        expect(await deliverWebhook(d.id)).toBe("failed");
      }
      expect(failing.received).toHaveLength(5 * MAX_DELIVERY_ATTEMPTS);
      const [ep] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
      expect(ep).toMatchObject({ enabled: false, consecutiveFailures: 5 });
      expect((await auditSince(db(), mark)).filter((e) => e.action === "webhook.disabled")).toHaveLength(1);
      const told = await db().select().from(notifications).where(and(eq(notifications.userId, cast.users.admin.id), eq(notifications.kind, "webhook_disabled")));
      expect(told).toHaveLength(1);
      expect(told[0]!.link).toBe(`/admin/webhooks/${endpointId}`);

      // A disabled endpoint gets no new deliveries, and a replay is refused until it is enabled again.
      await expectRefused(db(), () => replayDelivery({ actor: cast.actors.admin, deliveryId: ds[0]!.id }), "conflict");
      failing.setStatus(204);
      await updateWebhook({ actor: cast.actors.admin, input: updateWebhookSchema.parse({ endpointId, name: "Flaky", url: failing.url, eventTypes: ["ownership.changed"], enabled: "on" }) });
      const replayMark = await auditMark(db());
      await replayDelivery({ actor: cast.actors.admin, deliveryId: ds[0]!.id });
      expect((await auditSince(db(), replayMark)).map((e) => e.action)).toEqual(["webhook.delivery_replayed"]);
      expect(await deliverWebhook(ds[0]!.id)).toBe("delivered");
      const [replayed] = (await deliveriesOf(endpointId)).filter((d) => d.id === ds[0]!.id);
      expect(replayed).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 204 });
      const [reset] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
      expect(reset).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    } finally {
      await failing.close();
    }
  });

  // The app's own queue for each database: pg-boss on PostgreSQL, the in-process runner on PGlite.
  describe(`on the app's job queue (${usingPostgres ? "pg-boss" : "in-process"})`, () => {
    let runner: JobRunner;
    const drain = async () => {
      if ("drain" in runner) await (runner as LocalRunner).drain();
    };
    beforeAll(async () => {
      const url = testDatabaseUrl();
      runner = url ? await startPgBoss({ url, pollingIntervalSeconds: 0.5 }) : startLocalRunner({ work: true, schedule: false });
      runnerHolder.runner = runner;
    });
    afterAll(async () => {
      runnerHolder.runner = undefined;
      await runner.stop();
    });

    it("a committed change's delivery is queued with it and arrives without being asked for", async () => {
      const { endpointId } = await register({ name: "Queued", eventTypes: ["ownership.changed"] });
      const dep = await makeHeadedDepartment(db());
      const { stageIds } = await makeJourney(cast.actors.cco, 1);
      await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, dep) });
      await drain();
      // pg-boss polls every half second; a loaded machine can take a few polls to deliver.
      await expect.poll(async () => (await deliveriesOf(endpointId))[0]?.status, { timeout: 20_000 }).toBe("delivered");
      const [d] = await deliveriesOf(endpointId);
      expect(d).toMatchObject({ attempts: 1 });
      expect(receiver.received.filter((r) => r.headers["webhook-id"] === d!.id)).toHaveLength(1);
    });

    it("runs the sweeps as jobs: an overdue dispute is reported once however often the job runs", async () => {
      await runJob("disputes.overdue-sweep", {});
      await runJob("disputes.overdue-sweep", {});
      await runJob("goals.stale-sweep", undefined);
      await expect(runJob("webhooks.deliver", { deliveryId: "not-a-uuid" })).rejects.toThrow();
    });
  });
});
