import { eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/runner";
import { can } from "@/lib/permissions";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schemas";
import { encryptSecret, newWebhookSecret } from "./secret";
import { targetProblem } from "./target-guard";

/** Refuses an address that is or resolves to a private one, as a field error (lib/webhooks/target-guard.ts). */
async function requirePublicTarget(url: string): Promise<void> {
  const problem = await targetProblem(url);
  if (problem) throw invalid("Please correct the highlighted fields.", { url: [problem] });
}

function requireWebhookAdmin(actor: Actor) {
  if (!can(actor.role, "webhooks.manage")) throw forbidden();
}

export const webhookSnapshot = (e: WebhookEndpoint) => ({ name: e.name, url: e.url, target: e.target, eventTypes: [...e.eventTypes], enabled: e.enabled });

/** Registers an endpoint; the secret is returned this once and stored only encrypted. */
export async function createWebhook({ actor, input }: { actor: Actor; input: CreateWebhookInput }): Promise<{ endpointId: string; secret: string }> {
  requireWebhookAdmin(actor);
  await requirePublicTarget(input.url);
  const secret = newWebhookSecret();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ name: input.name, url: input.url, target: input.target, eventTypes: input.eventTypes, secretEncrypted: encryptSecret(secret), createdById: actor.id })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, { actorId: actor.id, action: "webhook.created", entityType: "webhook", entityId: row.id, after: webhookSnapshot(row) });
    return { endpointId: row.id, secret };
  });
}

async function lockEndpoint(tx: Tx, endpointId: string): Promise<WebhookEndpoint> {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).for("update");
  if (!row) throw notFound("That webhook endpoint");
  return row;
}

/** Changes an endpoint; enabling it again starts its failure count afresh. */
export async function updateWebhook({ actor, input }: { actor: Actor; input: UpdateWebhookInput }): Promise<void> {
  requireWebhookAdmin(actor);
  const db = await getDb();
  // A changed address is checked (a name lookup: outside the transaction); an unchanged one was
  // checked when it was set and is checked again at every delivery.
  const [current] = await db.select({ url: webhookEndpoints.url }).from(webhookEndpoints).where(eq(webhookEndpoints.id, input.endpointId));
  if (current && current.url !== input.url) await requirePublicTarget(input.url);
  await db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, input.endpointId);
    // Changed again meanwhile (by another admin): this address was not the one checked.
    if (before.url !== input.url && current?.url === input.url) await requirePublicTarget(input.url);
    const reenabled = input.enabled && !before.enabled;
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        name: input.name,
        url: input.url,
        eventTypes: input.eventTypes,
        enabled: input.enabled,
        ...(reenabled ? { consecutiveFailures: 0, disabledReason: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, input.endpointId))
      .returning();
    const b = webhookSnapshot(before);
    const a = webhookSnapshot(after!);
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    await recordAudit(tx, { actorId: actor.id, action: "webhook.updated", entityType: "webhook", entityId: before.id, before: b, after: a });
  });
}

/** Sends a delivery again (whatever became of it), as a fresh series of attempts. */
export async function replayDelivery({ actor, deliveryId }: { actor: Actor; deliveryId: string }): Promise<{ endpointId: string }> {
  requireWebhookAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ enabled: webhookEndpoints.enabled })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, deliveryId));
    if (!current) throw notFound("That delivery");
    if (!current.enabled) throw conflict("This endpoint is disabled: enable it before sending a delivery again.");
    const [d] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning();
    if (!d) throw notFound("That delivery");
    await recordAudit(tx, { actorId: actor.id, action: "webhook.delivery_replayed", entityType: "webhook", entityId: d.endpointId, after: { deliveryId: d.id, eventType: d.eventType } });
    await enqueueJob(tx, "webhooks.deliver", { deliveryId: d.id });
    return { endpointId: d.endpointId };
  });
}

/**
 * A new signing secret, returned this once. The old one keeps signing beside it (two signatures
 * in webhook-signature) for WEBHOOK_SECRET_GRACE_HOURS, so receivers can switch without losing a
 * delivery; a second rotation within the grace period drops the oldest secret.
 */
export async function rotateWebhookSecret({ actor, endpointId }: { actor: Actor; endpointId: string }): Promise<{ secret: string; previousSecretValidUntil: string }> {
  requireWebhookAdmin(actor);
  const secret = newWebhookSecret();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, endpointId);
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        secretEncrypted: encryptSecret(secret),
        previousSecretEncrypted: before.secretEncrypted,
        previousSecretExpiresAt: sql`now() + make_interval(hours => ${env.WEBHOOK_SECRET_GRACE_HOURS})`,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning();
    const previousSecretValidUntil = after!.previousSecretExpiresAt!.toISOString();
    await recordAudit(tx, { actorId: actor.id, action: "webhook.secret_rotated", entityType: "webhook", entityId: endpointId, after: { name: before.name, previousSecretValidUntil } });
    return { secret, previousSecretValidUntil };
  });
}

/**
 * Deletes an endpoint with its delivery log: pending deliveries are abandoned (their jobs find
 * nothing to send). The audit log keeps the endpoint's last settings and how many deliveries went
 * with it; the events themselves stay in the audit log too (docs/decisions, "email links and
 * webhook targets").
 */
export async function deleteWebhook({ actor, endpointId, confirmName }: { actor: Actor; endpointId: string; confirmName: string }): Promise<{ deliveriesRemoved: number }> {
  requireWebhookAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, endpointId);
    if (confirmName.trim() !== before.name) {
      throw invalid("Please correct the highlighted fields.", { confirmName: [`Type the endpoint's name, “${before.name}”, exactly to delete it.`] });
    }
    const removed = await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).returning({ id: webhookDeliveries.id });
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    await recordAudit(tx, { actorId: actor.id, action: "webhook.deleted", entityType: "webhook", entityId: endpointId, before: webhookSnapshot(before), after: { deliveriesRemoved: removed.length } });
    return { deliveriesRemoved: removed.length };
  });
}
