import { and, arrayContains, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import { enqueueJob } from "@/lib/jobs/runner";
import { AUDIT_WEBHOOK_EVENTS, type WebhookEventType } from "./events";

/**
 * Writes one delivery per enabled endpoint subscribed to `type`, in the caller's transaction
 * (the outbox: deliveries exist exactly when the change does), and queues a job for each.
 */
export async function emitWebhookEvent(tx: Executor, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), arrayContains(webhookEndpoints.eventTypes, [type])));
  if (!endpoints.length) return 0;
  const payload = { type, timestamp: new Date().toISOString(), data };
  const rows = await tx
    .insert(webhookDeliveries)
    .values(endpoints.map((e) => ({ endpointId: e.id, eventType: type, payload })))
    .returning({ id: webhookDeliveries.id });
  for (const r of rows) await enqueueJob(tx, "webhooks.deliver", { deliveryId: r.id });
  return rows.length;
}

/** The webhook event an audit event is, if any (called by recordAudit in the change's transaction). */
export async function emitAuditWebhookEvent(tx: Executor, event: AuditInput, before: unknown, after: unknown): Promise<void> {
  const type = AUDIT_WEBHOOK_EVENTS[event.action];
  if (!type) return;
  await emitWebhookEvent(tx, type, {
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    actorId: event.actorId,
    before: before ?? null,
    after: after ?? null,
    reason: event.reason ?? null,
  });
}

