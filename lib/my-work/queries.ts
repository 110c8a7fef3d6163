import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { currentDashboard } from "@/lib/dashboard/cache";
import { staleSql } from "@/lib/dashboard/health-sql";
import { goalSummaryByStage, type StageGoalSummary } from "@/lib/goals/queries";
import { listPendingHandoffs, type PendingHandoff } from "@/lib/journeys/queries";
import { can, DEPARTMENT_ROLES } from "@/lib/permissions";
import { getSettings } from "@/lib/settings";
import { todayIn } from "@/lib/time";

export type OwnedStage = { id: string; name: string; journeyId: string; journeyName: string; position: number; goals: StageGoalSummary | undefined };
export type WaitingDispute = { id: string; title: string; status: "open" | "under_review"; dueBy: Date; overdue: boolean };
export type DueFollowUp = { id: string; stageName: string; journeyId: string; stageId: string; status: string; dueAt: Date; overdue: boolean; unrouted: boolean };
export type CheckInGoal = { id: string; title: string; stageName: string; lastCheckInOn: string | null };
export type NeedsOwnerStage = { id: string; name: string; journeyId: string; journeyName: string };
export type Figure = { key: string; label: string; value: number; previous: number | null; unit?: "%" };

export type MyWork = {
  /** What the page is about for this person. */
  view: "department" | "decisions" | "figures" | "none";
  ownedStages: OwnedStage[];
  handoffs: PendingHandoff[];
  disputesAwaitingStatement: WaitingDispute[];
  followUps: DueFollowUp[];
  goalsToCheckIn: CheckInGoal[];
  stagesNeedingOwner: NeedsOwnerStage[];
  disputesAwaitingDecision: WaitingDispute[];
  figures: Figure[];
  /** When the figures were last seen (executives), to say "since". */
  since: Date | null;
  /** How many there are in all of each list that is cut at {@link MY_WORK_LIMIT} rows. */
  totals: Partial<Record<CappedList, number>>;
};

export type CappedList = "ownedStages" | "disputesAwaitingStatement" | "followUps" | "goalsToCheckIn" | "stagesNeedingOwner" | "disputesAwaitingDecision";

/** Each list shows its most urgent rows; the page says how many there are in all and links to the full list. */
export const MY_WORK_LIMIT = 50;
const LIMIT = MY_WORK_LIMIT;

const empty = (view: MyWork["view"]): MyWork => ({
  view,
  ownedStages: [],
  handoffs: [],
  disputesAwaitingStatement: [],
  followUps: [],
  goalsToCheckIn: [],
  stagesNeedingOwner: [],
  disputesAwaitingDecision: [],
  figures: [],
  since: null,
  totals: {},
});

/** The whole count of a capped query's rows (each row carries it as `total`, from `count(*) over ()`). */
function totalOf(result: unknown): number {
  const [first] = resultRows<{ total: number | string }>(result as never);
  return first ? Number(first.total) : 0;
}

/**
 * Which work a person has: whoever records decisions (the CCO) decides and assigns; a
 * department's people work their department's stages; others who may view work (executives)
 * watch the figures; the rest (administrators) have none.
 */
export function myWorkView(actor: Pick<Actor, "role" | "departmentId">): MyWork["view"] {
  if (!can(actor.role, "work.view")) return "none";
  if (can(actor.role, "decisions.record")) return "decisions";
  if (DEPARTMENT_ROLES.includes(actor.role) && actor.departmentId) return "department";
  return "figures";
}

/**
 * A person's own work, by role: for a department's head or member, the stages the department
 * is accountable for with their goal health, handoffs offered to it, disputes waiting for its
 * statement, its follow-ups by due date and its goals needing a check-in; for the CCO, what
 * needs an owner or a decision; for an executive, the few figures that moved since the last
 * visit. Every list is bounded and ordered most urgent first.
 */
export async function getMyWork(actor: Actor, now = new Date()): Promise<MyWork> {
  const view = myWorkView(actor);
  if (view === "department") return departmentWork(actor, now);
  if (view === "decisions") return ccoWork(actor);
  if (view === "figures") return executiveWork(actor, now);
  return empty(view);
}

async function departmentWork(actor: Actor, now: Date): Promise<MyWork> {
  const db = await getDb();
  const dep = actor.departmentId!;
  const settings = await getSettings();
  const today = todayIn(settings.timeZone);
  const [owned, handoffs, disputes, followUps, goals] = await Promise.all([
    db.execute(sql`
      select s.id, s.name, s.position, j.id as journey_id, j.name as journey_name, count(*) over () as total
      from ownership_assignments oa
      join stages s on s.id = oa.stage_id and not s.archived
      join journeys j on j.id = s.journey_id and j.status <> 'archived'
      where oa.department_id = ${dep} and oa.raci = 'accountable' and oa.valid_to is null
      order by j.name, s.position limit ${LIMIT}`),
    can(actor.role, "handoffs.manage") ? listPendingHandoffs(actor) : Promise.resolve([]),
    db.execute(sql`
      select d.id, d.title, d.status, d.due_by, count(*) over () as total
      from dispute_parties p join disputes d on d.id = p.dispute_id
      where p.department_id = ${dep} and d.status in ('open', 'under_review') and p.statement = ''
      order by d.due_by limit ${LIMIT}`),
    db.execute(sql`
      select f.id, f.status, f.due_at, s.id as stage_id, s.name as stage_name, s.journey_id, count(*) over () as total
      from follow_ups f join stages s on s.id = f.stage_id
      where f.department_id = ${dep} and f.status <> 'closed'
      order by f.due_at limit ${LIMIT}`),
    db.execute(sql`
      select g.id, g.title, s.name as stage_name, g.last_check_in, count(*) over () as total
      from (select g.*, g.latest_measured_on as last_check_in from goals g where g.department_id = ${dep} and g.status = 'active') g
      join stages s on s.id = g.stage_id
      where ${staleSql(today, settings.staleCheckInDays)}
      order by coalesce(g.last_check_in, g.start_date) limit ${LIMIT}`),
  ]);
  const ownedRows = resultRows<{ id: string; name: string; position: number; journey_id: string; journey_name: string }>(owned);
  const summaries = await goalSummaryByStage(ownedRows.map((r) => r.id));
  return {
    ...empty("department"),
    ownedStages: ownedRows.map((r) => ({ id: r.id, name: r.name, position: r.position, journeyId: r.journey_id, journeyName: r.journey_name, goals: summaries.get(r.id) })),
    handoffs: handoffs.filter((h) => h.incoming),
    disputesAwaitingStatement: disputeRows(disputes, now),
    followUps: resultRows<{ id: string; status: string; due_at: string | Date; stage_id: string; stage_name: string; journey_id: string }>(followUps).map((r) => ({
      id: r.id,
      status: r.status,
      dueAt: new Date(r.due_at),
      overdue: new Date(r.due_at) < now,
      stageId: r.stage_id,
      stageName: r.stage_name,
      journeyId: r.journey_id,
      unrouted: false,
    })),
    totals: { ownedStages: totalOf(owned), disputesAwaitingStatement: totalOf(disputes), followUps: totalOf(followUps), goalsToCheckIn: totalOf(goals) },
    goalsToCheckIn: resultRows<{ id: string; title: string; stage_name: string; last_check_in: string | null }>(goals).map((r) => ({ id: r.id, title: r.title, stageName: r.stage_name, lastCheckInOn: r.last_check_in })),
  };
}

function disputeRows(result: unknown, now: Date): WaitingDispute[] {
  return resultRows<{ id: string; title: string; status: "open" | "under_review"; due_by: string | Date }>(result as never).map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    dueBy: new Date(r.due_by),
    overdue: new Date(r.due_by) < now,
  }));
}

async function ccoWork(actor: Actor): Promise<MyWork> {
  const db = await getDb();
  const now = new Date();
  const [needs, disputes, followUps, handoffs] = await Promise.all([
    db.execute(sql`
      select s.id, s.name, j.id as journey_id, j.name as journey_name, count(*) over () as total
      from stages s join journeys j on j.id = s.journey_id and j.status <> 'archived'
      left join ownership_assignments oa on oa.stage_id = s.id and oa.raci = 'accountable' and oa.valid_to is null
      left join departments d on d.id = oa.department_id
      left join users u on u.id = oa.person_id
      where not s.archived and (oa.stage_id is null or d.archived or (u.id is not null and not u.active))
      order by j.name, s.position limit ${LIMIT}`),
    db.execute(sql`
      select d.id, d.title, d.status, d.due_by, count(*) over () as total from disputes d
      where d.status in ('open', 'under_review') order by d.due_by limit ${LIMIT}`),
    db.execute(sql`
      select f.id, f.status, f.due_at, f.department_id, count(*) over () as total, s.id as stage_id, s.name as stage_name, s.journey_id
      from follow_ups f join stages s on s.id = f.stage_id
      where f.status <> 'closed' and (f.department_id is null or f.escalated_at is not null)
      order by f.due_at limit ${LIMIT}`),
    listPendingHandoffs(actor),
  ]);
  return {
    ...empty("decisions"),
    stagesNeedingOwner: resultRows<{ id: string; name: string; journey_id: string; journey_name: string }>(needs).map((r) => ({ id: r.id, name: r.name, journeyId: r.journey_id, journeyName: r.journey_name })),
    disputesAwaitingDecision: disputeRows(disputes, now),
    totals: { stagesNeedingOwner: totalOf(needs), disputesAwaitingDecision: totalOf(disputes), followUps: totalOf(followUps) },
    handoffs,
    followUps: resultRows<{ id: string; status: string; due_at: string | Date; department_id: string | null; stage_id: string; stage_name: string; journey_id: string }>(followUps).map((r) => ({
      id: r.id,
      status: r.status,
      dueAt: new Date(r.due_at),
      overdue: new Date(r.due_at) < now,
      stageId: r.stage_id,
      stageName: r.stage_name,
      journeyId: r.journey_id,
      unrouted: r.department_id === null,
    })),
  };
}

/** A visit more than this long after the last one makes the figures seen then the comparison. */
export const VISIT_GAP_MS = 30 * 60_000;

async function executiveWork(actor: Actor, now: Date): Promise<MyWork> {
  // The follow-ups' totals come with the dashboard's figures, held the same way (lib/dashboard/cache.ts).
  const { figures: dash, followUps: loop } = await currentDashboard({}, now, { followUps: true });
  const followUps = { open: loop?.open ?? 0, overdue: loop?.overdue ?? 0 };
  const stages = dash.coverage.reduce((n, c) => n + c.stages, 0);
  const owned = dash.coverage.reduce((n, c) => n + c.owned, 0);
  const offTrack = dash.health.filter((h) => h.health === "off_track" || h.health === "overdue").reduce((n, h) => n + h.goals, 0);
  const onTrack = dash.health.filter((h) => h.health === "on_track" || h.health === "achieved").reduce((n, h) => n + h.goals, 0);
  const current: Record<string, number> = {
    coverage: stages ? Math.round((owned / stages) * 100) : 0,
    needsOwner: dash.needsOwner.length,
    onTrack,
    offTrack,
    disputesOpen: dash.disputeStats.open + dash.disputeStats.underReview,
    disputesOverdue: dash.disputeStats.overdue,
    followUpsOpen: followUps.open,
    followUpsOverdue: followUps.overdue,
  };
  const { previous, since } = await rememberVisit(actor.id, current, now);
  const label: Record<string, [string, Figure["unit"]?]> = {
    coverage: ["Stages with an accountable owner", "%"],
    needsOwner: ["Stages needing an owner"],
    onTrack: ["Goals on track or achieved"],
    offTrack: ["Goals off track or overdue"],
    disputesOpen: ["Open disputes"],
    disputesOverdue: ["Disputes past their service level"],
    followUpsOpen: ["Open customer follow-ups"],
    followUpsOverdue: ["Overdue customer follow-ups"],
  };
  return {
    ...empty("figures"),
    since,
    figures: Object.entries(current).map(([key, value]) => ({ key, label: label[key]![0], unit: label[key]![1], value, previous: previous ? (previous[key] ?? null) : null })),
  };
}

/**
 * Keeps the figures an executive saw: a visit more than {@link VISIT_GAP_MS} after the last
 * makes the last visit's figures the comparison; reloading within the gap keeps it.
 */
async function rememberVisit(userId: string, figures: Record<string, number>, now: Date): Promise<{ previous: Record<string, number> | null; since: Date | null }> {
  const db = await getDb();
  const json = JSON.stringify(figures);
  const [row] = resultRows<{ previous_figures: Record<string, number> | null; previous_seen_at: string | Date | null }>(
    await db.execute(sql`
      insert into my_work_visits as v (user_id, figures, seen_at) values (${userId}, ${json}::jsonb, ${now.toISOString()}::timestamptz)
      on conflict (user_id) do update set
        previous_figures = case when v.seen_at < ${now.toISOString()}::timestamptz - make_interval(secs => ${VISIT_GAP_MS / 1000}) then v.figures else v.previous_figures end,
        previous_seen_at = case when v.seen_at < ${now.toISOString()}::timestamptz - make_interval(secs => ${VISIT_GAP_MS / 1000}) then v.seen_at else v.previous_seen_at end,
        figures = excluded.figures,
        seen_at = case when v.seen_at < ${now.toISOString()}::timestamptz - make_interval(secs => ${VISIT_GAP_MS / 1000}) then excluded.seen_at else v.seen_at end
      returning previous_figures, previous_seen_at`),
  );
  return { previous: row?.previous_figures ?? null, since: row?.previous_seen_at ? new Date(row.previous_seen_at) : null };
}

/** How many things wait on this person: the count beside "My work" in the navigation. One query. */
export async function myWorkCount(actor: Actor): Promise<number> {
  const view = myWorkView(actor);
  if (view !== "department" && view !== "decisions") return 0;
  const db = await getDb();
  const q =
    view === "department"
      ? sql`select
          (select count(*) from handoffs h where h.status = 'pending' and h.to_department_id = ${actor.departmentId})
        + (select count(*) from dispute_parties p join disputes d on d.id = p.dispute_id where p.department_id = ${actor.departmentId} and d.status in ('open', 'under_review') and p.statement = '')
        + (select count(*) from follow_ups f where f.department_id = ${actor.departmentId} and f.status <> 'closed' and f.due_at < now() + interval '1 day')
        as n`
      : sql`select
          (select count(*) from disputes d where d.status in ('open', 'under_review'))
        + (select count(*) from handoffs h where h.status = 'pending')
        + (select count(*) from follow_ups f where f.status <> 'closed' and f.department_id is null)
        as n`;
  const [row] = resultRows<{ n: number | string }>(await db.execute(q));
  return Number(row?.n ?? 0);
}
