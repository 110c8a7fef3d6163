import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { fetchPage, FIRST_PAGE, type Page, type Paging } from "@/lib/pagination";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { endOfDay, startOfDay } from "@/lib/time";
import { dateParam } from "@/lib/validation";
import { AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType } from "./catalog";

// Filters come from the URL; anything malformed is ignored rather than failing the page.
export const auditFilterSchema = z.object({
  actorId: z.uuid().optional().catch(undefined),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  from: dateParam.optional().catch(undefined),
  to: dateParam.optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

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

/** One page of the audit log, newest first, with the total. */
export async function listAuditEvents({ actor, filter, paging = FIRST_PAGE }: { actor: Actor; filter: AuditFilter; paging?: Paging }): Promise<Page<AuditRow>> {
  if (!can(actor.role, "audit.read")) throw forbidden();
  const where: SQL[] = [];
  if (filter.actorId) where.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  // Dates are whole days in the company's zone; `to` is inclusive.
  if (filter.from || filter.to) {
    const timeZone = await getTimeZone();
    if (filter.from) where.push(gte(auditEvents.createdAt, startOfDay(filter.from, timeZone)));
    if (filter.to) where.push(lt(auditEvents.createdAt, endOfDay(filter.to, timeZone)));
  }
  const cond = where.length ? and(...where) : undefined;
  const db = await getDb();
  const rows = (limit: number, offset: number) =>
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
      .limit(limit)
      .offset(offset);
  return fetchPage(paging, async () => (await db.select({ total: count() }).from(auditEvents).where(cond))[0]?.total ?? 0, rows);
}
