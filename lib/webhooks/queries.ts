import { count, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { can } from "@/lib/permissions";

export type WebhookSummary = {
  id: string;
  name: string;
  url: string;
  target: "standard" | "chat";
  eventTypes: string[];
  enabled: boolean;
  consecutiveFailures: number;
  disabledReason: string | null;
  createdAt: Date;
};

const columns = {
  id: webhookEndpoints.id,
  name: webhookEndpoints.name,
  url: webhookEndpoints.url,
  target: webhookEndpoints.target,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  consecutiveFailures: webhookEndpoints.consecutiveFailures,
  disabledReason: webhookEndpoints.disabledReason,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  // Whether the previous secret (after a rotation) still signs, by the database's clock.
  previousSecretSigns: sql<boolean>`coalesce(${webhookEndpoints.previousSecretExpiresAt} > now(), false)`,
  createdAt: webhookEndpoints.createdAt,
};

function requireWebhookAdmin(actor: Actor) {
  if (!can(actor.role, "webhooks.manage")) throw forbidden();
}

/** Every endpoint, newest first (never its secret). */
export async function listWebhooks({ actor }: { actor: Actor }): Promise<WebhookSummary[]> {
  requireWebhookAdmin(actor);
  const db = await getDb();
  return db.select(columns).from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
}

export const DELIVERIES_SHOWN = 50;

/** One endpoint with its latest deliveries and how many it has in all. */
export async function getWebhook({ actor, endpointId }: { actor: Actor; endpointId: string }) {
  requireWebhookAdmin(actor);
  const db = await getDb();
  const [endpoint] = await db.select(columns).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  if (!endpoint) throw notFound("That webhook endpoint");
  const [deliveries, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({
        id: webhookDeliveries.id,
        eventType: webhookDeliveries.eventType,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastStatusCode: webhookDeliveries.lastStatusCode,
        lastError: webhookDeliveries.lastError,
        lastDurationMs: webhookDeliveries.lastDurationMs,
        createdAt: webhookDeliveries.createdAt,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(DELIVERIES_SHOWN),
    db.select({ total: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)),
  ]);
  return { endpoint, deliveries, total };
}
