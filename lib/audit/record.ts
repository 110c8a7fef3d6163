import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";
import { currentApiTokenId } from "./context";
import { emitAuditWebhookEvent } from "@/lib/webhooks/outbox";
import { parseAuditPayloads } from "./payloads";
import type { AuditAction, AuditEntityType } from "./catalog";

export type AuditInput = {
  actorId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/**
 * Appends one audit event. Call it with the transaction that makes the change, so the change
 * and its event commit or roll back together. Payloads are checked strictly against the
 * schema of their event type (lib/audit/payloads.ts): one that does not match throws, and the
 * whole change rolls back rather than being logged with a field missing.
 */
export async function recordAudit(tx: Executor, event: AuditInput): Promise<void> {
  const { before, after } = parseAuditPayloads(event);
  await tx.insert(auditEvents).values({
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    before,
    after,
    reason: event.reason ?? null,
    // A write that came through the REST API names its token (lib/audit/context.ts).
    apiTokenId: currentApiTokenId(),
  });
  // Domain events that are webhook events queue their deliveries in the same transaction.
  await emitAuditWebhookEvent(tx, event, before, after);
}
