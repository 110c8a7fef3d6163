import { sql, type SQL } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { auditRefs, refKey, type AuditEventInput, type AuditNames, type RefKind, type ResolvedName } from "./present";

// The names of every id a page (or an export batch) of audit events refers to, in ONE query:
// a UNION ALL with one branch per kind of row that has ids to resolve. `parent` carries what a
// link needs besides the id (a stage's journey, a decision's dispute, a check-in's goal).

const BRANCHES: Record<RefKind, (ids: SQL) => SQL> = {
  user: (ids) => sql`select 'user' as kind, u.id::text as id, u.name as name, null::text as parent from users u where u.id in (${ids})`,
  department: (ids) => sql`select 'department' as kind, d.id::text as id, d.name as name, null::text as parent from departments d where d.id in (${ids})`,
  journey: (ids) => sql`select 'journey' as kind, j.id::text as id, j.name as name, null::text as parent from journeys j where j.id in (${ids})`,
  stage: (ids) => sql`select 'stage' as kind, s.id::text as id, s.name as name, s.journey_id::text as parent from stages s where s.id in (${ids})`,
  goal: (ids) => sql`select 'goal' as kind, g.id::text as id, g.title as name, null::text as parent from goals g where g.id in (${ids})`,
  objective: (ids) => sql`select 'objective' as kind, o.id::text as id, o.title as name, null::text as parent from strategic_objectives o where o.id in (${ids})`,
  dispute: (ids) => sql`select 'dispute' as kind, x.id::text as id, x.title as name, null::text as parent from disputes x where x.id in (${ids})`,
  decision: (ids) => sql`select 'decision' as kind, dc.id::text as id, dx.title as name, dc.dispute_id::text as parent from decisions dc join disputes dx on dx.id = dc.dispute_id where dc.id in (${ids})`,
  handoff: (ids) =>
    sql`select 'handoff' as kind, h.id::text as id, hs.name as name, hs.journey_id::text || '/' || hs.id::text as parent from handoffs h join stages hs on hs.id = h.stage_id where h.id in (${ids})`,
  check_in: (ids) => sql`select 'check_in' as kind, c.id::text as id, cg.title as name, c.goal_id::text as parent from check_ins c join goals cg on cg.id = c.goal_id where c.id in (${ids})`,
  follow_up: (ids) =>
    sql`select 'follow_up' as kind, f.id::text as id, 'follow-up on ' || fs.name as name, null::text as parent from follow_ups f join stages fs on fs.id = f.stage_id where f.id in (${ids})`,
};

/** Where a resolved row's page is. */
function hrefOf(kind: RefKind, id: string, parent: string | null): string | null {
  switch (kind) {
    case "user":
      return `/admin/users/${id}`;
    case "department":
      return "/admin/departments";
    case "journey":
      return `/journeys/${id}`;
    case "stage":
      return parent ? `/journeys/${parent}/stages/${id}` : null;
    case "goal":
      return `/goals/${id}`;
    case "objective":
      return "/goals/objectives";
    case "dispute":
      return `/disputes/${id}`;
    case "decision":
      return parent ? `/disputes/${parent}` : null;
    case "handoff": {
      const [journeyId, stageId] = (parent ?? "").split("/");
      return journeyId && stageId ? `/journeys/${journeyId}/stages/${stageId}` : null;
    }
    case "check_in":
      return parent ? `/goals/${parent}` : null;
    case "follow_up":
      return `/follow-ups/${id}`;
  }
}

/**
 * Resolves every id the events refer to with one query (none when there is nothing to
 * resolve). Ids that match nothing are simply absent: the presentation says "unknown …".
 */
export async function resolveAuditNames(events: Pick<AuditEventInput, "entityType" | "entityId" | "before" | "after">[]): Promise<AuditNames> {
  const refs = auditRefs(events);
  const parts: SQL[] = [];
  for (const [kind, ids] of refs) {
    if (!ids.size) continue;
    parts.push(BRANCHES[kind](sql.join([...ids].map((id) => sql`${id}::uuid`), sql`, `)));
  }
  const names = new Map<string, ResolvedName>();
  if (!parts.length) return names;
  const db = await getDb();
  const res = await db.execute(sql.join(parts, sql` union all `));
  for (const r of resultRows<{ kind: RefKind; id: string; name: string; parent: string | null }>(res)) {
    names.set(refKey(r.kind, r.id), { name: r.name, href: hrefOf(r.kind, r.id, r.parent) });
  }
  return names;
}
