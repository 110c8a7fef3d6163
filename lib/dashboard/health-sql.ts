import { sql, type SQL } from "drizzle-orm";
import { HEALTH_THRESHOLDS } from "@/lib/goals/rules";

/**
 * The SQL twin of goalHealth() in lib/goals/rules.ts, for aggregating over thousands of goals
 * in the database. It uses float8 arithmetic in the same order as the JavaScript, so both
 * give the same answer at the thresholds too (a test compares them on random goals).
 *
 * Expects a row source with columns: status, baseline, target, start_date, due_date and
 * latest (the latest check-in value, or null); `today` is a YYYY-MM-DD string. `progress` may
 * name a column already holding {@link progressSql} of the row (see there), instead of working
 * it out again in each branch.
 */
export function healthCaseSql(today: string, alias = "g", progress: SQL = progressSql(alias)): SQL {
  const a = sql.raw(alias);
  const expected = sql`least(1::float8, greatest(0::float8, (${today}::date - ${a}.start_date)::float8 / (${a}.due_date - ${a}.start_date)::float8))`;
  return sql`case
    when ${a}.status = 'achieved' then 'achieved'
    when ${a}.status <> 'active' then null
    when ${a}.latest is not null and ${progress} >= 1 then 'achieved'
    when ${today}::date > ${a}.due_date then 'overdue'
    when ${a}.latest is null then 'no_data'
    when ${expected} - ${progress} <= ${HEALTH_THRESHOLDS.onTrackTolerance}::float8 then 'on_track'
    when ${expected} - ${progress} <= ${HEALTH_THRESHOLDS.atRiskTolerance}::float8 then 'at_risk'
    else 'off_track' end`;
}

/**
 * A goal's progress from baseline to target as float8 (null without a check-in). Each numeric to
 * float8 cast goes through text in PostgreSQL, and the health case needs progress in up to three
 * branches and attainment once more: over thousands of goals, computing it once per row in a
 * lateral subquery that the planner must not inline (`offset 0`) halves the dashboard's goal read,
 * with the same float8 value, hence the same answer, in every branch.
 */
export function progressSql(alias = "g"): SQL {
  const a = sql.raw(alias);
  return sql`((${a}.latest::float8 - ${a}.baseline::float8) / (${a}.target::float8 - ${a}.baseline::float8))`;
}

/**
 * The SQL twin of isStale(): an active goal with no check-in within the stale period, counted
 * from its last check-in (column last_check_in) or else its start date.
 */
export function staleSql(today: string, staleDays: number, alias = "g"): SQL {
  const a = sql.raw(alias);
  return sql`(${a}.status = 'active' and (${today}::date - coalesce(${a}.last_check_in, ${a}.start_date)) > ${staleDays}::int)`;
}

/** Progress clamped to 0…1 (attainment), null without data. */
export function attainmentSql(alias = "g", progress: SQL = progressSql(alias)): SQL {
  const a = sql.raw(alias);
  return sql`case when ${a}.latest is null then null else least(1::float8, greatest(0::float8, ${progress})) end`;
}

/**
 * Goals with their latest check-in value and date: the row source for the two above. The
 * goal row keeps both, current after every check-in (migration 0015), so health is one read
 * of the goals instead of a lookup in check_ins per goal.
 */
export function goalsWithLatestSql(where: SQL): SQL {
  return sql`
    select g.id, g.title, g.status, g.baseline, g.target, g.start_date, g.due_date, g.stage_id, g.department_id, g.owner_id,
      s.journey_id, s.name as stage_name, g.latest_value as latest, g.latest_measured_on as last_check_in
    from goals g
    join stages s on s.id = g.stage_id and not s.archived
    join journeys j on j.id = s.journey_id and j.status <> 'archived'
    where g.status in ('active', 'achieved') and ${where}`;
}
