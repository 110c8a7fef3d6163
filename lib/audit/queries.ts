import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { dateParam } from "@/lib/validation";
import { AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType } from "./catalog";

// Filters come from the URL; anything malformed is ignored rather than failing the page.
export const auditFilterSchema = z.object({
  actorId: z.uuid().optional().catch(undefined),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  from: dateParam.optional().catch(undefined),
  to: dateParam.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: number;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
};

export async function listAuditEvents({ actor, filter }: { actor: Actor; filter: AuditFilter }): Promise<{ rows: AuditRow[]; total: number }> {
  if (!can(actor.role, "audit.read")) throw forbidden();
  const where: SQL[] = [];
  if (filter.actorId) where.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  // Dates are whole days in UTC; `to` is inclusive.
  if (filter.from) where.push(gte(auditEvents.createdAt, sql`(${filter.from}::date)::timestamp at time zone 'UTC'`));
  if (filter.to) where.push(lt(auditEvents.createdAt, sql`(${filter.to}::date + 1)::timestamp at time zone 'UTC'`));
  const cond = where.length ? and(...where) : undefined;
  const db = await getDb();
  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        createdAt: auditEvents.createdAt,
        actorId: auditEvents.actorId,
        actorName: users.name,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        before: auditEvents.before,
        after: auditEvents.after,
        reason: auditEvents.reason,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(cond)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((filter.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: count() }).from(auditEvents).where(cond),
  ]);
  return { rows, total: totalRow?.total ?? 0 };
}
