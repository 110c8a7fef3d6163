import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { GOAL_STATUS_FILTERS, goalFilterSchema, goalsAfter, goalScopeSql, healthContext, type GoalCursor, type GoalFilter, type GoalRow, type HealthContext } from "@/lib/goals/queries";
import { HEALTH_LABELS } from "@/lib/goals/rules";
import { exactInstant, keysetBatches } from "@/lib/keyset";
import { can } from "@/lib/permissions";
import { EXPORT_BATCH, isoInstant, mapBatches } from "./batch";
import { utcClock, type Cell, type CsvExport, type ExportClock } from "./csv";

/** The goals list's filters; without a status, an export holds goals of every status (here and in goalsCsv). */
export const goalExportFilterSchema = goalFilterSchema.extend({ status: z.enum(GOAL_STATUS_FILTERS).default("all").catch("all") });
export type GoalExportFilter = Partial<GoalFilter>;

type Options = { batchSize?: number; clock?: ExportClock };

const GOAL_HEADER = ["journey", "stage", "department", "goal", "owner", "objective", "metric", "unit", "direction", "baseline", "target", "latest_value", "last_check_in", "progress_pct", "expected_pct", "health", "stale", "status", "start_date", "due_date", "goal_id"];

const goalLine = (g: GoalRow): Cell[] => [
  g.journeyName, g.stageName, g.departmentName, g.title, g.ownerName, g.objectiveTitle, g.metricName, g.metricUnit, g.direction, g.baseline, g.target,
  g.latestValue ?? "", g.lastCheckInOn ?? "", g.progress === null ? "" : Math.round(g.progress * 1000) / 10, Math.round(g.expected * 1000) / 10,
  g.health ? HEALTH_LABELS[g.health] : "", g.stale ? "yes" : "no", g.status, g.startDate, g.dueDate, g.id,
];

/** A context read once per export, so every row is judged on the same day with the same settings. */
async function* withContext<T>(read: (ctx: HealthContext) => AsyncIterable<T[]>): AsyncGenerator<T[]> {
  yield* read(await healthContext());
}

/** Every goal the filter selects, one row each, with its computed health, progress and staleness; oldest goal first. */
export function goalsCsv(actor: Actor, filter: GoalExportFilter, { batchSize = EXPORT_BATCH, clock = utcClock() }: Options = {}): CsvExport {
  if (!can(actor.role, "app.view")) throw forbidden();
  const scope = { ...filter, status: filter.status ?? "all" };
  const rows = withContext((ctx) => keysetBatches<GoalRow & GoalCursor>((after, limit) => goalsAfter(scope, after, limit, ctx), batchSize));
  return { filename: `throughline-goals-${clock.today}.csv`, header: GOAL_HEADER, rows: mapBatches(rows, goalLine) };
}

type CheckInLine = {
  journey: string; stage: string; department: string; goal: string; goalId: string; metric: string; unit: string;
  measuredOn: string; value: string; confidence: string; note: string; author: string; recordedAt: string; correctedAt: string | null;
  goalCreatedAt: string; createdAt: string; id: string;
};

/**
 * Check-ins of the goals a scope selects, goal by goal (oldest goal first), each goal's in the
 * order they were recorded: keyset batches over (goal created, goal id, check-in created, id),
 * none of which ever changes.
 */
async function checkInsAfter(filter: GoalExportFilter, after: CheckInLine | null, limit: number, ctx: HealthContext): Promise<CheckInLine[]> {
  const db = await getDb();
  const { source, where } = goalScopeSql(filter, ctx);
  // The first bound is the second's prefix, written out so the goals' index can start there.
  const bound = after
    ? sql`and (g.created_at, g.id) >= (${after.goalCreatedAt}::timestamptz, ${after.goalId}::uuid)
        and (g.created_at, g.id, ci.created_at, ci.id) > (${after.goalCreatedAt}::timestamptz, ${after.goalId}::uuid, ${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const res = await db.execute(sql`
    select j.name as journey, s.name as stage, d.name as department, g.title as goal, g.id as "goalId", g.metric_name as metric, g.metric_unit as unit,
      ci.measured_on::text as "measuredOn", ci.value::text as value, ci.confidence, ci.note, coalesce(a.name, 'Computed from customer signals') as author,
      ${isoInstant(sql`ci.created_at`)} as "recordedAt", ${isoInstant(sql`ci.corrected_at`)} as "correctedAt",
      ${exactInstant(sql`g.created_at`)} as "goalCreatedAt", ${exactInstant(sql`ci.created_at`)} as "createdAt", ci.id
    from ${source} g
    join stages s on s.id = g.stage_id
    join journeys j on j.id = s.journey_id
    join departments d on d.id = g.department_id
    join check_ins ci on ci.goal_id = g.id
    left join users a on a.id = ci.author_id
    where ${where} ${bound}
    order by g.created_at, g.id, ci.created_at, ci.id
    limit ${limit}`);
  return resultRows<CheckInLine>(res);
}

const CHECK_IN_HEADER = ["journey", "stage", "department", "goal", "metric", "unit", "measured_on", "value", "confidence", "note", "recorded_by", "recorded_at", "corrected_at", "goal_id"];

/** Every check-in of the goals the filter selects (the goals list's filters, health included). */
export function checkInsCsv(actor: Actor, filter: GoalExportFilter, { batchSize = EXPORT_BATCH, clock = utcClock() }: Options = {}): CsvExport {
  if (!can(actor.role, "app.view")) throw forbidden();
  const scope = { ...filter, status: filter.status ?? "all" };
  const rows = withContext((ctx) => keysetBatches<CheckInLine>((after, limit) => checkInsAfter(scope, after, limit, ctx), batchSize));
  return {
    filename: `throughline-check-ins-${clock.today}.csv`,
    header: CHECK_IN_HEADER,
    rows: mapBatches(rows, (c): Cell[] => [c.journey, c.stage, c.department, c.goal, c.metric, c.unit, c.measuredOn, c.value, c.confidence, c.note, c.author, c.recordedAt, c.correctedAt ?? "", c.goalId]),
  };
}
