import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";
import { auditPayloadSchemas } from "./payloads";
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
 * and its event commit or roll back together. Payloads are checked against the schema of
 * their entity type, so the log stays readable years later.
 */
export async function recordAudit(tx: Executor, event: AuditInput): Promise<void> {
  const schema = auditPayloadSchemas[event.entityType];
  const before = event.before == null ? null : schema.parse(event.before);
  const after = event.after == null ? null : schema.parse(event.after);
  await tx.insert(auditEvents).values({
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    before,
    after,
    reason: event.reason ?? null,
  });
}
