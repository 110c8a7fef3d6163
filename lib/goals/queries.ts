import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, resultRows } from "@/db/client";
import { checkIns, goals, objectives, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { healthCaseSql, staleSql } from "@/lib/dashboard/health-sql";
import { forbidden, notFound } from "@/lib/errors";
import { exactInstant } from "@/lib/keyset";
import { fetchPage, FIRST_PAGE, type Page, type Paging } from "@/lib/pagination";
import { can } from "@/lib/permissions";
import { getSettings } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { goalHealth, isStale, mayManageGoals, smartCheck, type Health, type HealthInput, type SmartResult } from "./rules";

export type GoalStatus = "draft" | "active" | "achieved" | "missed" | "cancelled";

export type GoalRow = {
  id: string;
  title: string;
  status: GoalStatus;
  stageId: string;
  stageName: string;
  journeyId: string;
  journeyName: string;
  departmentId: string;
  departmentName: string;
  ownerName: string;
  objectiveId: string;
  objectiveTitle: string;
  metricName: string;
  metricUnit: string;
  baseline: string;
  target: string;
  direction: "increase" | "decrease";
  startDate: string;
  dueDate: string;
  latestValue: string | null;
  lastCheckInOn: string | null;
  health: Health | null;
  progress: number | null;
  expected: number;
  stale: boolean;
};

export const GOAL_STATUS_FILTERS = ["open", "draft", "active", "achieved", "missed", "cancelled", "all"] as const;
export const GOAL_HEALTH_FILTERS = ["achieved", "on_track", "at_risk", "off_track", "overdue", "no_data", "stale"] as const;

export const goalFilterSchema = z.object({
  journeyId: z.uuid().optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
  objectiveId: z.uuid().optional().catch(undefined),
  health: z.enum(GOAL_HEALTH_FILTERS).optional().catch(undefined),
  status: z.enum(GOAL_STATUS_FILTERS).default("open").catch("open"),
});
export type GoalFilter = z.infer<typeof goalFilterSchema>;
/** A list filter, or (inside lib/) an explicit set of stages or goals. */
export type GoalScope = Partial<GoalFilter> & { stageIds?: string[]; goalIds?: string[] };

/**
 * The goals with their latest check-in's value and day under the names health and staleness
 * read (`latest`, `last_check_in`): kept on the goal row by the database (migration 0015).
 */
const GOALS_WITH_LATEST = sql`(select g0.*, g0.latest_value as latest, g0.latest_measured_on as last_check_in from goals g0)`;

/**
 * The goals a filter selects, as SQL: `source` is the row source to alias `g` (the goals, plus
 * `latest` and `last_check_in` when health is filtered, which needs them) and `where` the
 * condition over `g` and its stage `s`. Health is the SQL twin of the JavaScript rule, so a
 * filter is applied before paging, never after.
 */
export function goalScopeSql(filter: GoalScope, { today, staleDays }: { today: string; staleDays: number }): { source: SQL; where: SQL } {
  const where: SQL[] = [];
  if (filter.journeyId) where.push(sql`s.journey_id = ${filter.journeyId}`);
  if (filter.departmentId) where.push(sql`g.department_id = ${filter.departmentId}`);
  if (filter.objectiveId) where.push(sql`g.objective_id = ${filter.objectiveId}`);
  if (filter.stageIds) where.push(filter.stageIds.length ? sql`g.stage_id in (${sql.join(filter.stageIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`);
  if (filter.goalIds) where.push(filter.goalIds.length ? sql`g.id in (${sql.join(filter.goalIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`);
  const status = filter.status ?? "open";
  if (status === "open") where.push(sql`g.status in ('draft', 'active')`);
  else if (status !== "all") where.push(sql`g.status = ${status}`);
  if (filter.health === "stale") where.push(staleSql(today, staleDays));
  else if (filter.health) where.push(sql`(${healthCaseSql(today)}) = ${filter.health}`);
  const source = filter.health
    ? GOALS_WITH_LATEST
    : sql`goals`;
  return { source, where: where.length ? sql.join(where, sql` and `) : sql`true` };
}

/** The list's order: the customer's path (journey, stage), then title; the id makes it total. */
const LIST_ORDER = sql`j.name, s.position, g.title, g.id`;
/** The exports' order: when the goal was set. Neither changes, so keyset batches never skip or repeat a goal. */
const CREATED_ORDER = sql`g.created_at, g.id`;

/** A goal's place in the created order, exact to the microsecond: the exports' keyset cursor. */
export type GoalCursor = { createdAt: string; id: string };
type RawGoal = Omit<GoalRow, "health" | "progress" | "expected" | "stale">;
type Window = { limit: number; offset: number } | { limit: number; after: GoalCursor | null };
export type HealthContext = { today: string; staleDays: number };

export async function healthContext(): Promise<HealthContext> {
  const { timeZone, staleCheckInDays } = await getSettings();
  return { today: todayIn(timeZone), staleDays: staleCheckInDays };
}

/**
 * The goals of a scope with their latest check-in; health, progress and staleness come from
 * the pure rules. A page (limit/offset, in the list's order) or a keyset batch (after a
 * cursor, in the created order) is chosen on ids first, so only those rows look up details.
 */
async function selectGoals(scope: GoalScope, window: Window | null, ctx: HealthContext): Promise<(GoalRow & GoalCursor)[]> {
  const db = await getDb();
  const { source, where } = goalScopeSql(scope, ctx);
  const keyset = window !== null && "after" in window;
  const order = keyset ? CREATED_ORDER : LIST_ORDER;
  const bound = keyset && window.after ? sql`and (g.created_at, g.id) > (${window.after.createdAt}::timestamptz, ${window.after.id}::uuid)` : sql``;
  const slice = window === null ? sql`` : "offset" in window ? sql`limit ${window.limit} offset ${window.offset}` : sql`limit ${window.limit}`;
  const res = await db.execute(sql`
    select g.id, g.title, g.status, g.stage_id as "stageId", s.name as "stageName", j.id as "journeyId", j.name as "journeyName",
      g.department_id as "departmentId", d.name as "departmentName", o.name as "ownerName", g.objective_id as "objectiveId", ob.title as "objectiveTitle",
      g.metric_name as "metricName", g.metric_unit as "metricUnit", g.baseline::text as baseline, g.target::text as target, g.direction,
      g.start_date::text as "startDate", g.due_date::text as "dueDate", g.latest_value::text as "latestValue", g.latest_measured_on::text as "lastCheckInOn",
      ${exactInstant(sql`g.created_at`)} as "createdAt"
    from (
      select g.id from ${source} g join stages s on s.id = g.stage_id ${keyset ? sql`` : sql`join journeys j on j.id = s.journey_id`}
      where ${where} ${bound} order by ${order} ${slice}
    ) p
    join goals g on g.id = p.id
    join stages s on s.id = g.stage_id
    join journeys j on j.id = s.journey_id
    join departments d on d.id = g.department_id
    join users o on o.id = g.owner_id
    join strategic_objectives ob on ob.id = g.objective_id
    order by ${order}`);
  return resultRows<RawGoal & GoalCursor>(res).map((r) => ({ ...r, ...goalHealth(r, ctx.today), stale: isStale(r, ctx.today, ctx.staleDays) }));
}

/** Goals of a scope in the order they were set, up to `limit` after the goal `after`: the exports' keyset batches. */
export function goalsAfter(scope: GoalScope, after: GoalCursor | null, limit: number, ctx: HealthContext) {
  return selectGoals(scope, { limit, after }, ctx);
}

async function countGoals(scope: GoalScope, ctx: HealthContext): Promise<number> {
  const db = await getDb();
  const { source, where } = goalScopeSql(scope, ctx);
  const res = await db.execute(sql`select count(*)::int as n from ${source} g join stages s on s.id = g.stage_id where ${where}`);
  return Number(resultRows<{ n: number }>(res)[0]?.n ?? 0);
}

/**
 * Every goal of a bounded scope (a stage, a few goals) with health computed from baseline,
 * target, dates and check-ins. Lists of the whole company page through listGoalsPage.
 */
export async function listGoals(scope: GoalScope = {}): Promise<GoalRow[]> {
  return selectGoals(scope, null, await healthContext());
}

/** One page of the goals list, with the total; health and every other filter applied in SQL first. */
export async function listGoalsPage({ actor, filter, paging = FIRST_PAGE }: { actor: Actor; filter: Partial<GoalFilter>; paging?: Paging }): Promise<Page<GoalRow>> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const ctx = await healthContext();
  return fetchPage(paging, () => countGoals(filter, ctx), (limit, offset) => selectGoals(filter, { limit, offset }, ctx));
}

/**
 * Which stages a per-stage read covers: these ids, or a journey's live (unarchived) stages. The
 * journey's form lets today's board start its stages' figures beside the stages themselves
 * instead of after the board's slowest read.
 */
export type StagesOf = string[] | { liveStagesOf: string };

/** The SQL list of a StagesOf's stage ids, for `stage_id in (…)`; never empty (callers return early on no ids). */
export function stageIdsSql(stages: StagesOf): SQL {
  return Array.isArray(stages)
    ? sql.join(stages.map((id) => sql`${id}::uuid`), sql`, `)
    : sql`select s.id from stages s where s.journey_id = ${stages.liveStagesOf}::uuid and not s.archived`;
}

export type StageGoalSummary = { stageId: string; open: number; counts: Partial<Record<Health, number>>; stale: number };

/**
 * Per stage: how many open goals, by health, and how many stale — for the board and stage page.
 * Only what the rules read: not the list's rows with their stage, journey, department, owner and
 * objective names (every goal has all five, so the list's joins leave none out).
 */
export async function goalSummaryByStage(stages: StagesOf): Promise<Map<string, StageGoalSummary>> {
  const map = new Map<string, StageGoalSummary>();
  if (Array.isArray(stages) && !stages.length) return map;
  // The rows need nothing from the settings row (today, the stale limit): both are read at once.
  const [res, ctx] = await Promise.all([
    getDb().then((db) =>
      db.execute(sql`
        select g.stage_id as "stageId", g.status, g.baseline::text as baseline, g.target::text as target,
          g.start_date::text as "startDate", g.due_date::text as "dueDate",
          g.latest_value::text as "latestValue", g.latest_measured_on::text as "lastCheckInOn"
        from goals g
        where g.stage_id in (${stageIdsSql(stages)}) and g.status in ('draft', 'active')`),
    ),
    healthContext(),
  ]);
  type SummaryRow = HealthInput & { stageId: string; lastCheckInOn: string | null };
  for (const g of resultRows<SummaryRow>(res)) {
    const s = map.get(g.stageId) ?? { stageId: g.stageId, open: 0, counts: {}, stale: 0 };
    s.open++;
    const { health } = goalHealth(g, ctx.today);
    if (health) s.counts[health] = (s.counts[health] ?? 0) + 1;
    if (isStale(g, ctx.today, ctx.staleDays)) s.stale++;
    map.set(g.stageId, s);
  }
  return map;
}

/** An automatic check-in (computed from customer signals) has no author. */
export type CheckInRow = { id: string; value: string; confidence: "high" | "medium" | "low"; note: string; measuredOn: string; authorId: string | null; authorName: string | null; automatic: boolean; createdAt: Date; correctedAt: Date | null };

export async function getGoal(goalId: string) {
  const db = await getDb();
  const [goal] = await db.select().from(goals).where(eq(goals.id, goalId));
  if (!goal) throw notFound("That goal");
  const author = alias(users, "author");
  const [[row], history] = await Promise.all([
    listGoals({ goalIds: [goalId], status: "all" }),
    db
      .select({
        id: checkIns.id,
        value: sql<string>`${checkIns.value}::text`,
        confidence: checkIns.confidence,
        note: checkIns.note,
        measuredOn: checkIns.measuredOn,
        authorId: checkIns.authorId,
        authorName: author.name,
        automatic: checkIns.automatic,
        createdAt: checkIns.createdAt,
        correctedAt: checkIns.correctedAt,
      })
      .from(checkIns)
      .leftJoin(author, eq(author.id, checkIns.authorId))
      .where(eq(checkIns.goalId, goalId))
      .orderBy(desc(checkIns.measuredOn), desc(checkIns.createdAt)),
  ]);
  const smart: SmartResult = smartCheck({ ...goal, people: String(goal.people) });
  return { goal, row: row!, checkIns: history as CheckInRow[], smart };
}

export type ObjectiveSummary = {
  id: string;
  title: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  archived: boolean;
  /** Every goal serving it, of any status; the goals list filtered by the objective shows them. */
  goals: number;
  byHealth: Partial<Record<Health, number>>;
  /** Goals without a health (draft, missed, cancelled), by status. */
  byStatus: Partial<Record<GoalStatus, number>>;
};

/** Objectives with how many goals serve each, by health and status: counted in SQL, whatever the number of goals. */
export async function listObjectives({ actor, includeArchived = false }: { actor: Actor; includeArchived?: boolean }): Promise<ObjectiveSummary[]> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const [db, { timeZone }] = await Promise.all([getDb(), getSettings()]);
  const today = todayIn(timeZone);
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(objectives)
      .where(includeArchived ? undefined : eq(objectives.archived, false))
      .orderBy(asc(objectives.archived), asc(objectives.periodEnd), asc(objectives.title)),
    db.execute(sql`
      select g.objective_id as "objectiveId", g.status, ${healthCaseSql(today)} as health, count(*)::int as n
      from ${GOALS_WITH_LATEST} g
      group by 1, 2, 3`),
  ]);
  const byObjective = new Map<string, { goals: number; byHealth: Partial<Record<Health, number>>; byStatus: Partial<Record<GoalStatus, number>> }>();
  for (const c of resultRows<{ objectiveId: string; status: GoalStatus; health: Health | null; n: number }>(counts)) {
    const o = byObjective.get(c.objectiveId) ?? { goals: 0, byHealth: {}, byStatus: {} };
    const n = Number(c.n);
    o.goals += n;
    if (c.health) o.byHealth[c.health] = (o.byHealth[c.health] ?? 0) + n;
    else o.byStatus[c.status] = (o.byStatus[c.status] ?? 0) + n;
    byObjective.set(c.objectiveId, o);
  }
  return rows.map((o) => ({
    id: o.id,
    title: o.title,
    description: o.description,
    periodStart: o.periodStart,
    periodEnd: o.periodEnd,
    archived: o.archived,
    ...(byObjective.get(o.id) ?? { goals: 0, byHealth: {}, byStatus: {} }),
  }));
}

/** Live and archived objectives, for the goals list's filter. */
export async function listObjectiveOptions(): Promise<{ id: string; title: string; archived: boolean }[]> {
  const db = await getDb();
  return db.select({ id: objectives.id, title: objectives.title, archived: objectives.archived }).from(objectives).orderBy(asc(objectives.archived), asc(objectives.title));
}

/** Options for the goal form: the owning department's active people and the live objectives, for whoever may set its goals. */
export async function goalFormOptions({ actor, departmentId }: { actor: Actor; departmentId: string }) {
  if (!mayManageGoals(actor, departmentId)) throw forbidden();
  const db = await getDb();
  const [people, objectiveRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(and(eq(users.departmentId, departmentId), eq(users.active, true)))
      .orderBy(asc(users.name)),
    db.select({ id: objectives.id, title: objectives.title }).from(objectives).where(eq(objectives.archived, false)).orderBy(asc(objectives.title)),
  ]);
  return { people, objectives: objectiveRows };
}
