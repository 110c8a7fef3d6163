import { and, count, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { apiTokens, auditEvents, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { exactInstant } from "@/lib/keyset";
import { fetchPage, FIRST_PAGE, type Page, type Paging } from "@/lib/pagination";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { endOfDay, startOfDay } from "@/lib/time";
import { dateParam, parseFilters, type IgnoredFilter } from "@/lib/validation";
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType } from "./catalog";
import { UUID } from "./present";

// Filters come from the URL; anything malformed is ignored rather than failing the page (the
// page and the export say which filter they ignored: see parseAuditFilter).
export const auditFilterSchema = z.object({
  actorId: z.uuid().optional().catch(undefined),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  // One entity's history: only together with its type.
  entityId: z.string().trim().regex(/^[\w-]{1,64}$/).optional().catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
  from: dateParam.optional().catch(undefined),
  to: dateParam.optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const AUDIT_FILTER_KEYS = ["actorId", "entityType", "entityId", "action", "departmentId", "from", "to"] as const satisfies readonly (keyof AuditFilter)[];


/**
 * The filter a URL asks for, and the names of the filters it gave that are not valid and were
 * therefore ignored (an unknown action, a malformed date, an entity without its type, …).
 */
export function parseAuditFilter(raw: Record<string, unknown>): { filter: AuditFilter; ignored: IgnoredFilter[] } {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const flat = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, one(raw[k])])) as Record<string, string | undefined>;
  const { filter, ignored: invalid } = parseFilters(auditFilterSchema, flat);
  const ignored = invalid.filter((f) => typeof flat[f.name] === "string" && flat[f.name]!.trim() !== "");
  if (filter.entityId && !filter.entityType) {
    delete filter.entityId;
    ignored.push({ name: "entityId", problem: "needs an entity type." });
  }
  const order = (name: string) => AUDIT_FILTER_KEYS.indexOf(name as (typeof AUDIT_FILTER_KEYS)[number]);
  return { filter, ignored: ignored.sort((a, b) => order(a.name) - order(b.name)) };
}

/** How the page and the export name each filter when they say it was ignored. */
export const AUDIT_FILTER_LABELS: Record<(typeof AUDIT_FILTER_KEYS)[number], string> = {
  actorId: "Actor",
  entityType: "Entity type",
  entityId: "Entity",
  action: "Action",
  departmentId: "Department",
  from: "From",
  to: "To",
};

/**
 * The events that concern a department: those whose actor is (now) a member of it, those about
 * the department itself, and those whose before or after names it — as a user's, goal's or
 * statement's department, a handoff's from or to department, a dispute party, or an entry of
 * a stage's RACI set.
 */
function concernsDepartment(departmentId: string): SQL {
  const patterns = [
    { departmentId },
    { fromDepartmentId: departmentId },
    { toDepartmentId: departmentId },
    { parties: [departmentId] },
    { ownership: [{ departmentId }] },
  ].map((p) => JSON.stringify(p));
  const payload = [auditEvents.before, auditEvents.after].flatMap((side) => patterns.map((p) => sql`${side} @> ${p}::jsonb`));
  // `= any(array(…))` rather than `in (…)`, so each branch can use an index (audit_actor_idx,
  // audit_entity_idx, the GIN indexes of migration 0013) and the planner may combine them.
  return sql`(${auditEvents.actorId} = any(array(select m.id from users m where m.department_id = ${departmentId}::uuid))
    or (${auditEvents.entityType} = 'department' and ${auditEvents.entityId} = ${departmentId})
    or ${sql.join(payload, sql` or `)})`;
}

/** One entity's events; a stage's include those of its handoffs. */
function aboutEntity(entityType: AuditEntityType, entityId: string): SQL {
  const exact = and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId))!;
  if (entityType !== "stage" || !UUID.test(entityId)) return exact;
  return sql`(${exact} or (${auditEvents.entityType} = 'handoff' and ${auditEvents.entityId} in (select h.id::text from handoffs h where h.stage_id = ${entityId}::uuid)))`;
}

/** The WHERE of a filter; dates are whole days in the company's zone, `to` inclusive. */
function auditWhere(filter: AuditFilter, timeZone: string | null): SQL | undefined {
  const where: SQL[] = [];
  if (filter.actorId) where.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.entityType && filter.entityId) where.push(aboutEntity(filter.entityType, filter.entityId));
  else if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.departmentId) where.push(concernsDepartment(filter.departmentId));
  if (timeZone && filter.from) where.push(gte(auditEvents.createdAt, startOfDay(filter.from, timeZone)));
  if (timeZone && filter.to) where.push(lt(auditEvents.createdAt, endOfDay(filter.to, timeZone)));
  return where.length ? and(...where) : undefined;
}

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
  /** The REST API token the change came through, if it did. */
  apiTokenId: string | null;
};

/** The columns of an audit row as the page and the export read it (the actor's name joined). */
const AUDIT_ROW = {
  id: auditEvents.id,
  createdAt: auditEvents.createdAt,
  actorId: auditEvents.actorId,
  // A service token's write has no person: the token, by name, is who did it.
  actorName: sql<string | null>`coalesce(${users.name}, 'Service token “' || ${apiTokens.name} || '”')`,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  before: auditEvents.before,
  after: auditEvents.after,
  reason: auditEvents.reason,
  apiTokenId: auditEvents.apiTokenId,
};

/** One page of the audit log, newest first, with the total. */
export async function listAuditEvents({ actor, filter, paging = FIRST_PAGE }: { actor: Actor; filter: AuditFilter; paging?: Paging }): Promise<Page<AuditRow>> {
  if (!can(actor.role, "audit.read")) throw forbidden();
  const cond = auditWhere(filter, filter.from || filter.to ? await getTimeZone() : null);
  const db = await getDb();
  const rows = (limit: number, offset: number) =>
    db
      .select(AUDIT_ROW)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(apiTokens, and(isNull(auditEvents.actorId), eq(apiTokens.id, auditEvents.apiTokenId), eq(apiTokens.kind, "service")))
      .where(cond)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(limit)
      .offset(offset);
  return fetchPage(paging, async () => (await db.select({ total: count() }).from(auditEvents).where(cond))[0]?.total ?? 0, rows);
}

export type AuditCursor = { cursorAt: string; id: number };

/**
 * Up to `limit` events of a filter after `after`, newest first: keyset batches over
 * (created_at, id), for the CSV export. No capability check here: the export checks it.
 */
export async function auditEventsAfter(filter: AuditFilter, timeZone: string, after: AuditCursor | null, limit: number): Promise<(AuditRow & AuditCursor)[]> {
  const cond = auditWhere(filter, timeZone);
  const bound = after ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${after.cursorAt}::timestamptz, ${after.id})` : undefined;
  const db = await getDb();
  return db
    .select({
      ...AUDIT_ROW,
      cursorAt: sql<string>`${exactInstant(sql`${auditEvents.createdAt}`)}`,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(apiTokens, and(isNull(auditEvents.actorId), eq(apiTokens.id, auditEvents.apiTokenId), eq(apiTokens.kind, "service")))
    .where(and(cond, bound))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
}
