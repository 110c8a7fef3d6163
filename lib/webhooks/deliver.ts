import http from "node:http";
import https from "node:https";
import { and, eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { getDb, resultRows } from "@/db/client";
import { users, webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import type { AuditAction, AuditEntityType } from "@/lib/audit/catalog";
import { resolveAuditNames } from "@/lib/audit/names";
import { presentAuditEvent } from "@/lib/audit/present";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { notifyUsers } from "@/lib/notifications";
import { rolesWith } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events";
import { decryptSecret } from "./secret";
import { guardedLookup, literalTargetProblem, PrivateTargetError } from "./target-guard";

/** Attempts of one delivery before it is given up (the queue retries with a doubling delay). */
export const MAX_DELIVERY_ATTEMPTS = 5;

export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryFailed";
  }
}

type Payload = { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };

const appUrl = () => (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");

/** The line a chat channel (Slack or Teams incoming webhook) shows for an event. */
export async function chatText(payload: Payload): Promise<string> {
  const d = payload.data;
  const heading = WEBHOOK_EVENT_TYPES[payload.type] ?? payload.type;
  let line = typeof d.summary === "string" ? d.summary : heading;
  if (typeof d.link === "string") line += `\n${appUrl()}${d.link}`;
  if (typeof d.action === "string") {
    const event = {
      action: d.action as AuditAction,
      entityType: d.entityType as AuditEntityType,
      entityId: (d.entityId as string | null) ?? null,
      before: d.before ?? null,
      after: d.after ?? null,
      reason: (d.reason as string | null) ?? null,
    };
    const db = await getDb();
    const [names, [actor]] = await Promise.all([
      resolveAuditNames([event]),
      typeof d.actorId === "string" ? db.select({ name: users.name }).from(users).where(eq(users.id, d.actorId)) : Promise.resolve([]),
    ]);
    const p = presentAuditEvent({ action: event.action, entityType: event.entityType, entityId: event.entityId, actorName: actor?.name ?? null, before: event.before, after: event.after }, names);
    line = p.sentence + (event.reason ? ` — “${event.reason}”` : "");
    if (p.entity.href) line += `\n${appUrl()}${p.entity.href}`;
  }
  return `Throughline · ${heading}\n${line}`;
}

/**
 * The webhook-signature header: the current secret's signature, and during the grace period
 * after a rotation the previous secret's too, space-separated as Standard Webhooks allows, so a
 * receiver verifies with either secret while it changes over.
 */
export function signatures(endpoint: Pick<WebhookEndpoint, "secretEncrypted" | "previousSecretEncrypted" | "previousSecretExpiresAt">, id: string, at: Date, body: string): string {
  const sign = (stored: string) => new Webhook(decryptSecret(stored)).sign(id, at, body);
  const all = [sign(endpoint.secretEncrypted)];
  if (endpoint.previousSecretEncrypted && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > at.getTime()) {
    all.push(sign(endpoint.previousSecretEncrypted));
  }
  return all.join(" ");
}

/**
 * One POST, no redirects followed, connecting only to the address the guarded lookup approved
 * (lib/webhooks/target-guard.ts); resolves with the status code.
 */
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const request = (u.protocol === "https:" ? https.request : http.request)(
      u,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: guardedLookup, signal: AbortSignal.timeout(env.WEBHOOK_TIMEOUT_MS) },
      (res) => {
        res.resume();
        res.on("error", () => {});
        resolve(res.statusCode ?? 0);
      },
    );
    request.on("error", (e) => reject(e instanceof Error && e.name === "AbortError" ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : e));
    request.end(body);
  });
}

/** The request body for an endpoint: the event itself, or a chat message. */
export async function deliveryBody(endpoint: Pick<WebhookEndpoint, "target">, payload: Payload): Promise<string> {
  return endpoint.target === "chat" ? JSON.stringify({ text: await chatText(payload) }) : JSON.stringify(payload);
}

/**
 * Sends one delivery. The attempt is claimed first (one UPDATE … RETURNING: a delivered
 * delivery, or one another worker is sending, is left alone), so the same job running on two
 * servers, or again after a crash, sends at most one request at a time and never after success.
 * Signed per Standard Webhooks (webhook-id is the delivery's id, the same on every retry, so a
 * receiver can drop duplicates). A failure throws so the queue retries it, until the last attempt.
 */
export async function deliverWebhook(deliveryId: string): Promise<"delivered" | "failed" | "skipped"> {
  const db = await getDb();
  const lockSeconds = Math.ceil(env.WEBHOOK_TIMEOUT_MS / 1000) + 30;
  const claimed = resultRows<{ id: string }>(
    await db.execute(sql`
      update webhook_deliveries d set attempts = d.attempts + 1, locked_until = now() + make_interval(secs => ${lockSeconds})
      from webhook_endpoints e
      where d.id = ${deliveryId} and e.id = d.endpoint_id and e.enabled
        and d.status = 'pending' and (d.locked_until is null or d.locked_until < now())
      returning d.id`),
  );
  if (!claimed.length) return "skipped";
  const [row] = await db.select().from(webhookDeliveries).innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookDeliveries.id, deliveryId));
  const delivery: WebhookDelivery = row!.webhook_deliveries;
  const endpoint: WebhookEndpoint = row!.webhook_endpoints;

  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const body = await deliveryBody(endpoint, delivery.payload as Payload);
    const now = new Date();
    const refused = literalTargetProblem(endpoint.url);
    if (refused) throw new PrivateTargetError(refused);
    status = await post(endpoint.url, {
      "content-type": "application/json",
      "user-agent": "Throughline-Webhooks/1",
      "webhook-id": delivery.id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signatures(endpoint, delivery.id, now, body),
    }, body);
    if (status < 200 || status > 299) error = `The endpoint answered ${status}.`;
  } catch (e) {
    error =
      e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")
        ? `No answer within ${env.WEBHOOK_TIMEOUT_MS} ms.`
        : e instanceof PrivateTargetError
          ? `Refused: ${e.message}`
          : `The request failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500);
  }
  const durationMs = Math.round(performance.now() - started);

  if (!error) {
    await inTransaction(async (tx) => {
      await tx
        .update(webhookDeliveries)
        .set({ status: "delivered", deliveredAt: sql`now()`, lastStatusCode: status, lastError: null, lastDurationMs: durationMs, lockedUntil: null })
        .where(eq(webhookDeliveries.id, delivery.id));
      await tx.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(eq(webhookEndpoints.id, endpoint.id));
    });
    return "delivered";
  }

  const last = delivery.attempts >= MAX_DELIVERY_ATTEMPTS;
  const retryInSeconds = 5 * 2 ** Math.max(0, delivery.attempts - 1);
  await inTransaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({
        status: last ? "failed" : "pending",
        lastStatusCode: status,
        lastError: error,
        lastDurationMs: durationMs,
        lockedUntil: null,
        nextAttemptAt: sql`now() + make_interval(secs => ${retryInSeconds})`,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (!last) return;
    const [ep] = await tx
      .update(webhookEndpoints)
      .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning();
    if (ep && ep.enabled && ep.consecutiveFailures >= env.WEBHOOK_DISABLE_AFTER) await disableEndpoint(tx, ep);
  });
  if (!last) throw new DeliveryFailed(error);
  return "failed";
}

async function disableEndpoint(tx: Parameters<Parameters<typeof inTransaction>[0]>[0], ep: WebhookEndpoint) {
  const reason = `${ep.consecutiveFailures} deliveries in a row failed every attempt.`;
  const [after] = await tx.update(webhookEndpoints).set({ enabled: false, disabledReason: reason, updatedAt: sql`now()` }).where(eq(webhookEndpoints.id, ep.id)).returning();
  const snap = (e: WebhookEndpoint) => ({ name: e.name, url: e.url, target: e.target, eventTypes: [...e.eventTypes], enabled: e.enabled });
  await recordAudit(tx, { actorId: null, action: "webhook.disabled", entityType: "webhook", entityId: ep.id, before: snap(ep), after: snap(after!), reason });
  const admins = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, rolesWith("webhooks.manage")), eq(users.active, true)));
  await notifyUsers(
    tx,
    admins.map((a) => a.id),
    { kind: "webhook_disabled", title: `Webhook “${ep.name}” was disabled`, body: `${reason} Fix the receiver, then enable it again; failed deliveries can be sent again.`, link: `/admin/webhooks/${ep.id}` },
  );
}

/** Queues again the deliveries whose job was lost: pending, due for a minute, not being sent. */
export async function recoverWebhookDeliveries(): Promise<number> {
  const { currentRunner } = await import("@/lib/jobs/runner");
  const runner = currentRunner();
  if (!runner) return 0;
  const db = await getDb();
  const due = resultRows<{ id: string }>(
    await db.execute(sql`
      select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
      where d.status = 'pending' and e.enabled and d.next_attempt_at < now() - interval '1 minute'
        and (d.locked_until is null or d.locked_until < now())
      order by d.next_attempt_at limit 500`),
  );
  for (const d of due) await runner.send("webhooks.deliver", { deliveryId: d.id });
  return due.length;
}
