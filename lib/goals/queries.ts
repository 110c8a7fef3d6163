import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb } from "@/db/client";
import { checkIns, departments, goals, journeys, objectives, stages, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { getSettings } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { goalHealth, isStale, mayManageGoals, smartCheck, type Health, type HealthResult, type SmartResult } from "./rules";

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

export const goalFilterSchema = z.object({
  journeyId: z.uuid().optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
  objectiveId: z.uuid().optional().catch(undefined),
  health: z.enum(["achieved", "on_track", "at_risk", "off_track", "overdue", "no_data", "stale"]).optional().catch(undefined),
  status: z.enum(["open", "draft", "active", "achieved", "missed", "cancelled", "all"]).default("open").catch("open"),
});
export type GoalFilter = z.infer<typeof goalFilterSchema>;

/**
 * Goals with their latest check-in, health computed from baseline, target, dates and data.
 * One query (the latest check-in per goal comes from a lateral join), then pure rules.
 */
export async function listGoals(filter: Partial<GoalFilter> & { stageIds?: string[]; goalIds?: string[] } = {}): Promise<GoalRow[]> {
  const db = await getDb();
  const owner = alias(users, "owner");
  const where: SQL[] = [];
  if (filter.journeyId) where.push(eq(stages.journeyId, filter.journeyId));
  if (filter.departmentId) where.push(eq(goals.departmentId, filter.departmentId));
  if (filter.objectiveId) where.push(eq(goals.objectiveId, filter.objectiveId));
  if (filter.stageIds) where.push(filter.stageIds.length ? inArray(goals.stageId, filter.stageIds) : sql`false`);
  if (filter.goalIds) where.push(filter.goalIds.length ? inArray(goals.id, filter.goalIds) : sql`false`);
  const status = filter.status ?? "open";
  if (status === "open") where.push(inArray(goals.status, ["draft", "active"]));
  else if (status !== "all") where.push(eq(goals.status, status));
  const latest = sql`lateral (select ci.value, ci.measured_on from ${checkIns} ci where ci.goal_id = ${goals.id} order by ci.measured_on desc, ci.created_at desc limit 1) as latest`;
  const [rows, settings] = await Promise.all([
    db
      .select({
        id: goals.id,
        title: goals.title,
        status: goals.status,
        stageId: goals.stageId,
        stageName: stages.name,
        journeyId: journeys.id,
        journeyName: journeys.name,
        departmentId: goals.departmentId,
        departmentName: departments.name,
        ownerName: owner.name,
        objectiveId: goals.objectiveId,
        objectiveTitle: objectives.title,
        metricName: goals.metricName,
        metricUnit: goals.metricUnit,
        baseline: goals.baseline,
        target: goals.target,
        direction: goals.direction,
        startDate: goals.startDate,
        dueDate: goals.dueDate,
        latestValue: sql<string | null>`latest.value::text`,
        lastCheckInOn: sql<string | null>`latest.measured_on::text`,
      })
      .from(goals)
      .innerJoin(stages, eq(stages.id, goals.stageId))
      .innerJoin(journeys, eq(journeys.id, stages.journeyId))
      .innerJoin(departments, eq(departments.id, goals.departmentId))
      .innerJoin(owner, eq(owner.id, goals.ownerId))
      .innerJoin(objectives, eq(objectives.id, goals.objectiveId))
      .leftJoin(latest, sql`true`)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(journeys.name), asc(stages.position), asc(goals.title))
      .limit(2000),
    getSettings(),
  ]);
  const today = todayIn(settings.timeZone);
  const out = rows.map((r) => {
    const h: HealthResult = goalHealth({ ...r, latestValue: r.latestValue }, today);
    return { ...r, ...h, stale: isStale(r, today, settings.staleCheckInDays) };
  });
  if (!filter.health) return out;
  return out.filter((g) => (filter.health === "stale" ? g.stale : g.health === filter.health));
}

export type StageGoalSummary = { stageId: string; open: number; counts: Partial<Record<Health, number>>; stale: number };

/** Per stage: how many open goals, by health, and how many stale — for the board and stage page. */
export async function goalSummaryByStage(stageIds: string[]): Promise<Map<string, StageGoalSummary>> {
  const rows = await listGoals({ stageIds, status: "open" });
  const map = new Map<string, StageGoalSummary>();
  for (const g of rows) {
    const s = map.get(g.stageId) ?? { stageId: g.stageId, open: 0, counts: {}, stale: 0 };
    s.open++;
    if (g.health) s.counts[g.health] = (s.counts[g.health] ?? 0) + 1;
    if (g.stale) s.stale++;
    map.set(g.stageId, s);
  }
  return map;
}

export type CheckInRow = { id: string; value: string; confidence: "high" | "medium" | "low"; note: string; measuredOn: string; authorId: string; authorName: string; createdAt: Date; correctedAt: Date | null };

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
        createdAt: checkIns.createdAt,
        correctedAt: checkIns.correctedAt,
      })
      .from(checkIns)
      .innerJoin(author, eq(author.id, checkIns.authorId))
      .where(eq(checkIns.goalId, goalId))
      .orderBy(desc(checkIns.measuredOn), desc(checkIns.createdAt)),
  ]);
  const smart: SmartResult = smartCheck({ ...goal, people: String(goal.people) });
  return { goal, row: row!, checkIns: history as CheckInRow[], smart };
}

export type ObjectiveWithGoals = { id: string; title: string; description: string; periodStart: string; periodEnd: string; archived: boolean; goals: GoalRow[] };

export async function listObjectives({ includeArchived = false }: { includeArchived?: boolean } = {}): Promise<ObjectiveWithGoals[]> {
  const db = await getDb();
  const [rows, goalRows] = await Promise.all([
    db
      .select()
      .from(objectives)
      .where(includeArchived ? undefined : eq(objectives.archived, false))
      .orderBy(asc(objectives.archived), asc(objectives.periodEnd), asc(objectives.title)),
    listGoals({ status: "all" }),
  ]);
  return rows.map((o) => ({
    id: o.id,
    title: o.title,
    description: o.description,
    periodStart: o.periodStart,
    periodEnd: o.periodEnd,
    archived: o.archived,
    goals: goalRows.filter((g) => g.objectiveId === o.id && g.status !== "cancelled"),
  }));
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
