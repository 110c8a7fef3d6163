import dns from "node:dns";
import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { env } from "@/lib/env";
import { assignOwnership } from "@/lib/ownership/commands";
import { createWebhook, deleteWebhook, rotateWebhookSecret, updateWebhook } from "@/lib/webhooks/commands";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { createWebhookSchema, updateWebhookSchema } from "@/lib/webhooks/schemas";
import { isPrivateAddress } from "@/lib/webhooks/target-guard";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney } from "../helpers/ownership-fixtures";
import { startReceiver } from "../helpers/webhook-receiver";

describe("webhook secret rotation, deletion and private targets", () => {
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
  afterEach(() => {
    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
    vi.restoreAllMocks();
  });

  const register = async (over: Partial<{ name: string; url: string }> = {}) =>
    createWebhook({ actor: cast.actors.admin, input: createWebhookSchema.parse({ name: "Ops", url: receiver.url, target: "standard", eventTypes: ["ownership.changed"], ...over }) });
  const deliveriesOf = (endpointId: string) => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  /** One ownership change, so each registered endpoint gets one delivery; returns this endpoint's newest. */
  const oneDelivery = async (endpointId: string) => {
    const dep = await makeHeadedDepartment(db());
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, dep) });
    const rows = await deliveriesOf(endpointId);
    return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
  };

  it("rotating shows a new secret once; during the grace period deliveries carry both signatures, after it only the new one", async () => {
    const { endpointId, secret: oldSecret } = await register({ name: "Rotating" });
    await expectRefused(db(), () => rotateWebhookSecret({ actor: cast.actors.cco, endpointId }), "forbidden");
    const mark = await auditMark(db());
    const { secret: newSecret, previousSecretValidUntil } = await rotateWebhookSecret({ actor: cast.actors.admin, endpointId });
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const hours = (Date.parse(previousSecretValidUntil) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(env.WEBHOOK_SECRET_GRACE_HOURS - 0.1);
    expect(hours).toBeLessThanOrEqual(env.WEBHOOK_SECRET_GRACE_HOURS);
    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([{ action: "webhook.secret_rotated", actorId: cast.users.admin.id, entityId: endpointId, after: { name: "Rotating", previousSecretValidUntil } }]);
    expect(JSON.stringify(events)).not.toContain(newSecret.slice(6));
    expect(JSON.stringify(events)).not.toContain(oldSecret.slice(6));

    const d1 = await oneDelivery(endpointId);
    expect(await deliverWebhook(d1.id)).toBe("delivered");
    const during = receiver.received.at(-1)!;
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    // A receiver still on the old secret and one already on the new both accept it.
    for (const s of [oldSecret, newSecret]) expect(() => new Webhook(s).verify(during.body, during.headers as Record<string, string>)).not.toThrow();

    // The grace period is over: only the new secret signs.
    await db().update(webhookEndpoints).set({ previousSecretExpiresAt: sql`now() - interval '1 second'` }).where(eq(webhookEndpoints.id, endpointId));
    const d2 = await oneDelivery(endpointId);
    expect(await deliverWebhook(d2.id)).toBe("delivered");
    const after = receiver.received.at(-1)!;
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => new Webhook(newSecret).verify(after.body, after.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(after.body, after.headers as Record<string, string>)).toThrow();
  });

  it("deleting needs the endpoint's name typed, removes it with its delivery log, is audited, and its pending jobs send nothing", async () => {
    const { endpointId } = await register({ name: "Doomed" });
    const pending = await oneDelivery(endpointId);
    await expectRefused(db(), () => deleteWebhook({ actor: cast.actors.cco, endpointId, confirmName: "Doomed" }), "forbidden");
    await expect(deleteWebhook({ actor: cast.actors.admin, endpointId, confirmName: "doomed" })).rejects.toMatchObject({ kind: "invalid", fieldErrors: { confirmName: [expect.stringContaining("“Doomed”")] } });
    expect(await deliveriesOf(endpointId)).toHaveLength(1);

    const mark = await auditMark(db());
    expect(await deleteWebhook({ actor: cast.actors.admin, endpointId, confirmName: " Doomed " })).toEqual({ deliveriesRemoved: 1 });
    expect(await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId))).toEqual([]);
    expect(await deliveriesOf(endpointId)).toEqual([]);
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "webhook.deleted", entityId: endpointId, before: { name: "Doomed", url: receiver.url, enabled: true }, after: { deliveriesRemoved: 1 } },
    ]);
    const before = receiver.received.length;
    expect(await deliverWebhook(pending.id)).toBe("skipped");
    expect(receiver.received.length).toBe(before);
    await expectRefused(db(), () => deleteWebhook({ actor: cast.actors.admin, endpointId, confirmName: "Doomed" }), "not_found");
  });

  it("knows private, loopback, link-local and metadata addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "224.0.0.1", "not-an-ip"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses private addresses at registration and on change, as a field error, unless WEBHOOK_ALLOW_PRIVATE_TARGETS", async () => {
    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
    vi.spyOn(dns.promises, "lookup").mockImplementation((async (host: string) => {
      if (host === "internal.example.test") return [{ address: "10.0.0.7", family: 4 }];
      if (host === "public.example.test") return [{ address: "93.184.215.14", family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    }) as never);
    const mark = await auditMark(db());
    for (const url of ["http://127.0.0.1:9/x", "http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://localhost/x", "http://internal.example.test/x", "http://nowhere.example.test/x"]) {
      await expect(register({ url }), url).rejects.toMatchObject({ kind: "invalid", fieldErrors: { url: [expect.any(String)] } });
    }
    await expect(register({ url: "http://internal.example.test/x" })).rejects.toMatchObject({ fieldErrors: { url: [expect.stringContaining("resolves to 10.0.0.7")] } });
    expect(await auditSince(db(), mark)).toEqual([]);

    const { endpointId } = await register({ name: "Public", url: "https://public.example.test/hook" });
    await expect(
      updateWebhook({ actor: cast.actors.admin, input: updateWebhookSchema.parse({ endpointId, name: "Public", url: "http://169.254.169.254/", eventTypes: ["ownership.changed"], enabled: "on" }) }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { url: [expect.stringContaining("169.254.169.254")] } });
    const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    expect(row!.url).toBe("https://public.example.test/hook");

    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
    const local = await register({ name: "Local dev", url: "http://127.0.0.1:9/x" });
    expect(local.endpointId).toEqual(expect.any(String));
    // Renaming leaves the address as it was: not looked up again here (each delivery checks it).
    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
    await updateWebhook({ actor: cast.actors.admin, input: updateWebhookSchema.parse({ endpointId: local.endpointId, name: "Local dev (renamed)", url: "http://127.0.0.1:9/x", eventTypes: ["ownership.changed"], enabled: "on" }) });
  });

  it("checks again when delivering, on the address the name resolves to then (DNS rebinding), and sends nothing to a private one", async () => {
    // Registered while the name pointed at a public address…
    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
    const port = new URL(receiver.url).port;
    vi.spyOn(dns.promises, "lookup").mockResolvedValue([{ address: "93.184.215.14", family: 4 }] as never);
    const { endpointId } = await register({ name: "Rebinding", url: `http://rebind.example.test:${port}/hook` });
    // …which now answers with the loopback address, where the receiver listens.
    const lookup = vi.spyOn(dns, "lookup").mockImplementation(((host: string, _o: unknown, cb: (e: null, a: dns.LookupAddress[]) => void) => cb(null, [{ address: "127.0.0.1", family: 4 }])) as never);
    const d = await oneDelivery(endpointId);
    const before = receiver.received.length;
    await expect(deliverWebhook(d.id)).rejects.toThrow(/private address/);
    expect(lookup).toHaveBeenCalled();
    expect(receiver.received.length).toBe(before);
    const [row] = await deliveriesOf(endpointId);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: expect.stringContaining("Refused: rebind.example.test resolved to 127.0.0.1") });

    // A stored address that is itself private (changed in the database, or allowed back then) is refused before connecting.
    await db().update(webhookEndpoints).set({ url: receiver.url }).where(eq(webhookEndpoints.id, endpointId));
    await db().update(webhookDeliveries).set({ lockedUntil: null }).where(eq(webhookDeliveries.id, d.id));
    await expect(deliverWebhook(d.id)).rejects.toThrow(/private address/);
    expect(receiver.received.length).toBe(before);

    // Allowed (local development): the same delivery goes out.
    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
    expect(await deliverWebhook(d.id)).toBe("delivered");
    expect(receiver.received.length).toBe(before + 1);
  });
});
