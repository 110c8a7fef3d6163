import { and, asc, inArray, sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { auditEvents, goals } from "@/db/schema";
import { getSettings } from "@/lib/settings";
import type { StageGoalSummary } from "./queries";
import { goalHealth, goalStateAt, isStale } from "./rules";

export type GoalsAsOf = {
  summary: Map<string, StageGoalSummary>;
  /** Goals that existed on the day but whose state then is not on record: left out, and said so. */
  leftOut: number;
};

/**
 * Per stage, the goals that were open at the end of `day` (`at` is the instant it ends) and
 * the health they had then: the goal's status and plan as they stood (goalStateAt), and the
 * latest check-in measured by that day and recorded before it ended — with the value it had
 * then, if it was corrected later. Three queries, whatever the number of goals.
 */
export async function goalSummaryAsOf(stageIds: string[], day: string, at: Date): Promise<GoalsAsOf> {
  const summary = new Map<string, StageGoalSummary>();
  if (!stageIds.length) return { summary, leftOut: 0 };
  const db = await getDb();
  const atSql = sql`${at.toISOString()}::timestamptz`;
  const inStages = sql.join(stageIds.map((id) => sql`${id}`), sql`, `);
  const [goalRows, eventRows, latestRows, settings] = await Promise.all([
    db
      .select({
        id: goals.id,
        stageId: goals.stageId,
        status: goals.status,
        baseline: goals.baseline,
        target: goals.target,
        startDate: goals.startDate,
        dueDate: goals.dueDate,
        createdAt: goals.createdAt,
        updatedAt: goals.updatedAt,
      })
      .from(goals)
      .where(and(inArray(goals.stageId, stageIds), sql`${goals.createdAt} < ${atSql}`)),
    // Only goals changed since the day need their history replayed.
    db
      .select({ goalId: auditEvents.entityId, action: auditEvents.action, after: auditEvents.after, createdAt: auditEvents.createdAt })
      .from(auditEvents)
      .where(
        and(
          sql`${auditEvents.entityType} = 'goal'`,
          sql`${auditEvents.createdAt} < ${atSql}`,
          sql`${auditEvents.entityId} in (select g.id::text from goals g where g.stage_id in (${inStages}) and g.created_at < ${atSql} and g.updated_at >= ${atSql})`,
        ),
      )
      .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id)),
    db.execute(sql`
      select distinct on (ci.goal_id) ci.goal_id as "goalId", v.value, v.measured_on::text as "measuredOn"
      from check_ins ci
      join goals g on g.id = ci.goal_id
      left join lateral (
        select e.before from audit_events e
        where ci.corrected_at >= ${atSql} and e.entity_type = 'check_in' and e.entity_id = ci.id::text
          and e.action = 'check_in.corrected' and e.created_at >= ${atSql}
        order by e.created_at, e.id limit 1) c on true
      cross join lateral (
        select coalesce(c.before->>'value', ci.value::text) as value, coalesce(c.before->>'measuredOn', ci.measured_on::text)::date as measured_on) v
      where g.stage_id in (${inStages}) and g.created_at < ${atSql} and ci.created_at < ${atSql} and v.measured_on <= ${day}::date
      order by ci.goal_id, v.measured_on desc, ci.created_at desc`),
    getSettings(),
  ]);
  const latest = new Map(resultRows<{ goalId: string; value: string; measuredOn: string }>(latestRows).map((r) => [r.goalId, r]));
  const eventsOf = new Map<string, typeof eventRows>();
  for (const e of eventRows) eventsOf.set(e.goalId!, [...(eventsOf.get(e.goalId!) ?? []), e]);

  let leftOut = 0;
  for (const g of goalRows) {
    const then = goalStateAt(g, eventsOf.get(g.id) ?? [], at);
    if (then.kind === "unknown") leftOut++;
    if (then.kind !== "known" || (then.goal.status !== "draft" && then.goal.status !== "active")) continue;
    const last = latest.get(g.id) ?? null;
    const { health } = goalHealth({ ...then.goal, latestValue: last?.value ?? null }, day);
    const s = summary.get(g.stageId) ?? { stageId: g.stageId, open: 0, counts: {}, stale: 0 };
    s.open++;
    if (health) s.counts[health] = (s.counts[health] ?? 0) + 1;
    if (isStale({ status: then.goal.status, startDate: then.goal.startDate, lastCheckInOn: last?.measuredOn ?? null }, day, settings.staleCheckInDays)) s.stale++;
    summary.set(g.stageId, s);
  }
  return { summary, leftOut };
}
