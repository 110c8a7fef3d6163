import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import type { DashboardFilter } from "@/lib/dashboard/queries";
import { listDecisions } from "@/lib/disputes/queries";
import { HEALTH_LABELS } from "@/lib/goals/rules";
import { listGoals } from "@/lib/goals/queries";
import { forbidden } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { toCsv } from "./csv";

// Files are named by the company's today. Timestamps inside stay ISO 8601 in UTC: a file is
// read by programs, and an instant with its offset means the same thing in every zone.
const day = async () => todayIn(await getTimeZone());

/** The ownership matrix: one row per current RACI role, plus one per stage with no owner. */
export async function raciCsv(actor: Actor, filter: DashboardFilter): Promise<{ filename: string; body: string }> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const db = await getDb();
  const res = await db.execute(sql`
    select j.name as journey, s.position, s.name as stage, d.name as department, a.raci, u.name as person, a.valid_from as since, a.source
    from stages s
    join journeys j on j.id = s.journey_id and j.status <> 'archived'
    left join ownership_assignments a on a.stage_id = s.id and a.valid_to is null
    left join departments d on d.id = a.department_id
    left join users u on u.id = a.person_id
    where not s.archived
      ${filter.journeyId ? sql`and j.id = ${filter.journeyId}` : sql``}
      ${filter.departmentId ? sql`and a.department_id = ${filter.departmentId}` : sql``}
    order by j.name, s.position, case a.raci when 'accountable' then 0 when 'responsible' then 1 when 'consulted' then 2 else 3 end, d.name`);
  const rows = resultRows<{ journey: string; position: number; stage: string; department: string | null; raci: string | null; person: string | null; since: string | Date | null; source: string | null }>(res);
  const body = toCsv(
    ["journey", "stage_position", "stage", "department", "raci_role", "accountable_person", "since", "how"],
    rows.map((r) => [r.journey, r.position, r.stage, r.department ?? "", r.raci ?? "NO OWNER", r.person ?? "", r.since ? new Date(r.since).toISOString() : "", r.source ?? ""]),
  );
  return { filename: `throughline-raci-${await day()}.csv`, body };
}

export async function goalsCsv(actor: Actor, filter: DashboardFilter): Promise<{ filename: string; body: string }> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const goals = await listGoals({ ...filter, status: "all" });
  const body = toCsv(
    ["journey", "stage", "department", "goal", "owner", "objective", "metric", "unit", "direction", "baseline", "target", "latest_value", "last_check_in", "progress_pct", "expected_pct", "health", "stale", "status", "start_date", "due_date"],
    goals.map((g) => [
      g.journeyName, g.stageName, g.departmentName, g.title, g.ownerName, g.objectiveTitle, g.metricName, g.metricUnit, g.direction, g.baseline, g.target,
      g.latestValue ?? "", g.lastCheckInOn ?? "", g.progress === null ? "" : Math.round(g.progress * 1000) / 10, Math.round(g.expected * 1000) / 10,
      g.health ? HEALTH_LABELS[g.health] : "", g.stale ? "yes" : "no", g.status, g.startDate, g.dueDate,
    ]),
  );
  return { filename: `throughline-goals-${await day()}.csv`, body };
}

export async function decisionsCsv(actor: Actor): Promise<{ filename: string; body: string }> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const decisions = await listDecisions({});
  const body = toCsv(
    ["decided_at", "decided_by", "dispute", "kind", "stage", "parties", "outcome", "rationale", "effect", "supersedes_decision", "superseded_by_decision"],
    decisions.map((d) => [d.decidedAt.toISOString(), d.decidedByName, d.disputeTitle, d.kind, d.stageName ?? "", d.parties.join("; "), d.outcome, d.rationale, d.effectSummary ?? "", d.supersedesId ?? "", d.supersededById ?? ""]),
  );
  return { filename: `throughline-decisions-${await day()}.csv`, body };
}
