import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, resultRows, type Executor } from "@/db/client";
import type { Health } from "@/lib/goals/rules";
import { getSettings } from "@/lib/settings";
import { monthsEnding, todayIn } from "@/lib/time";
import { attainmentSql, goalsWithLatestSql, healthCaseSql, progressSql, staleSql } from "./health-sql";

export const dashboardFilterSchema = z.object({
  journeyId: z.uuid().optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
});
export type DashboardFilter = z.infer<typeof dashboardFilterSchema>;

/** The dashboard's long lists, any one of which the page can show in full (`?show=`). */
export const DASHBOARD_LISTS = ["coverage", "needs-owner", "matrix", "health", "health-departments", "attention", "consistency", "pain"] as const;
export type DashboardList = (typeof DASHBOARD_LISTS)[number];
/** The dashboard page's address: the filter, and which list (if any) is shown in full. */
export const dashboardViewSchema = dashboardFilterSchema.extend({
  show: z.enum(DASHBOARD_LISTS).optional().catch(undefined),
});

const rows = async <T>(db: Executor, q: SQL) => {
  return resultRows<T>(await db.execute(q));
};

export type CoverageRow = { journeyId: string; journeyName: string; stages: number; owned: number };
export type NeedsOwnerRow = { stageId: string; stageName: string; journeyId: string; journeyName: string; reason: "unowned" | "owner_inactive" | "department_archived"; sinceDays: number };
export type MatrixCell = { journeyId: string; journeyName: string; departmentId: string; departmentName: string; accountable: number; responsible: number; consulted: number; informed: number };
export type StageMatrixRow = { stageId: string; stageName: string; position: number; departmentId: string; raci: "accountable" | "responsible" | "consulted" | "informed" };
export type HealthCount = { journeyId: string; journeyName: string; departmentId: string; departmentName: string; health: Health; goals: number; stale: number };
/** A HealthCount as the goal read sends it: journey id, department id, health, goals, stale goals. */
type HealthTuple = [string, string, Health, number, number];
export type AttentionGoal = { id: string; title: string; stageName: string; journeyId: string; departmentName: string; health: Health | null; stale: boolean; dueDate: string };
export type ConsistencyRow = { journeyId: string; journeyName: string; stagesMeasured: number; best: number; worst: number; spread: number; bestStage: string; worstStage: string };
export type DisputeStats = { open: number; underReview: number; overdue: number; withinSla: number; overdueOver7: number; decided12m: number; medianDaysToDecision: number | null; oldestOpenDays: number | null };
export type HotSpot = { a: string; b: string; disputes: number; open: number };
export type TrendRow = { month: string; ownershipChanges: number; decisions: number; coverage: number | null };

/**
 * Every figure of the executive dashboard, aggregated in SQL. A fixed number of queries,
 * whatever the size of the company (a test counts them); indexes back each of them.
 */
export async function getDashboard(filter: DashboardFilter, now = new Date()) {
  const db = await getDb();
  const { staleCheckInDays, disputeSlaDays, timeZone } = await getSettings();
  const today = todayIn(timeZone, now);
  // Every figure is taken at `now` (the database's clock may differ from the app's, and a
  // caller may ask for another moment): never SQL now().
  const at = sql`${now.toISOString()}::timestamptz`;
  const j = filter.journeyId ? sql`j.id = ${filter.journeyId}` : sql`true`;
  // With a department chosen, figures cover the stages it holds any role on, its goals,
  // and the disputes it is a party to.
  const depStage = filter.departmentId
    ? sql`exists (select 1 from ownership_assignments r where r.stage_id = s.id and r.valid_to is null and r.department_id = ${filter.departmentId})`
    : sql`true`;
  const depGoal = filter.departmentId ? sql`g.department_id = ${filter.departmentId}` : sql`true`;
  const depDispute = filter.departmentId ? sql`exists (select 1 from dispute_parties p where p.dispute_id = dd.id and p.department_id = ${filter.departmentId})` : sql`true`;
  const disputeJourney = filter.journeyId ? sql`exists (select 1 from stages s2 where s2.id = dd.stage_id and s2.journey_id = ${filter.journeyId})` : sql`true`;
  const goalScope = sql`${depGoal} and ${filter.journeyId ? sql`s.journey_id = ${filter.journeyId}` : sql`true`}`;

  const liveStages = sql`
    select s.id, s.name, s.position, s.created_at, j.id as journey_id, j.name as journey_name,
      a.department_id as owner_department, d.archived as owner_archived, u.active as owner_active,
      d.updated_at as department_changed_at, u.updated_at as person_changed_at
    from stages s
    join journeys j on j.id = s.journey_id and j.status <> 'archived'
    left join ownership_assignments a on a.stage_id = s.id and a.raci = 'accountable' and a.valid_to is null
    left join departments d on d.id = a.department_id
    left join users u on u.id = a.person_id
    where not s.archived and ${j} and ${depStage}`;

  const [coverage, needsOwner, matrix, stageMatrix, [goalFigures], [disputeStats], hotSpots, trends] = await Promise.all([
    rows<CoverageRow>(db, sql`
      select journey_id as "journeyId", journey_name as "journeyName", count(*)::int as stages,
        count(*) filter (where owner_department is not null and owner_active and not owner_archived)::int as owned
      from (${liveStages}) ls group by journey_id, journey_name order by journey_name`),
    rows<NeedsOwnerRow>(db, sql`
      select ls.id as "stageId", ls.name as "stageName", ls.journey_id as "journeyId", ls.journey_name as "journeyName",
        case when owner_department is null then 'unowned' when not owner_active then 'owner_inactive' else 'department_archived' end as reason,
        greatest(0, extract(day from ${at} - case
          when owner_department is null then coalesce((select max(x.valid_to) from ownership_assignments x where x.stage_id = ls.id and x.raci = 'accountable'), ls.created_at)
          when not owner_active then ls.person_changed_at else ls.department_changed_at end))::int as "sinceDays"
      from (${liveStages}) ls
      where owner_department is null or not owner_active or owner_archived
      order by "sinceDays" desc, ls.journey_name, ls.position limit 200`),
    rows<MatrixCell>(db, sql`
      select j.id as "journeyId", j.name as "journeyName", d.id as "departmentId", d.name as "departmentName",
        count(*) filter (where a.raci = 'accountable')::int as accountable, count(*) filter (where a.raci = 'responsible')::int as responsible,
        count(*) filter (where a.raci = 'consulted')::int as consulted, count(*) filter (where a.raci = 'informed')::int as informed
      from ownership_assignments a
      join stages s on s.id = a.stage_id and not s.archived
      join journeys j on j.id = s.journey_id and j.status <> 'archived'
      join departments d on d.id = a.department_id
      left join users u on u.id = a.person_id
      -- An archived department holds nothing here, and an orphaned stage (its accountable person
      -- deactivated) is not its department's: it shows under "needs an owner" instead.
      where a.valid_to is null and not d.archived and (a.raci <> 'accountable' or u.active) and ${j} ${filter.departmentId ? sql`and d.id = ${filter.departmentId}` : sql``}
      group by j.id, j.name, d.id, d.name order by j.name, d.name`),
    filter.journeyId
      ? rows<StageMatrixRow>(db, sql`
          select s.id as "stageId", s.name as "stageName", s.position, a.department_id as "departmentId", a.raci
          from stages s
          left join (ownership_assignments a join departments ad on ad.id = a.department_id and not ad.archived left join users au on au.id = a.person_id)
            on a.stage_id = s.id and a.valid_to is null and (a.raci <> 'accountable' or au.active)
          where s.journey_id = ${filter.journeyId} and not s.archived order by s.position`)
      : Promise.resolve([] as StageMatrixRow[]),
    // Goal health, the goals needing attention and the consistency of each journey in one
    // statement: each goal's health is worked out once (the materialised CTE), not three times.
    // The CTE keeps only the narrow columns the three need: titles and stage names are looked up
    // for the 20 goals and the stages listed, not copied for every goal (at 3× the company that
    // copy was the bulk of the statement's time).
    rows<{ health: HealthTuple[]; names: Record<string, string>; attention: (AttentionGoal & { n: number })[]; consistency: ConsistencyRow[] }>(db, sql`
      with g as (${goalsWithLatestSql(goalScope)}),
      h as materialized (
        select g.id, g.status, g.due_date, g.stage_id, g.department_id, g.journey_id, g.latest is not null as measured,
          ${healthCaseSql(today, "g", sql`p.progress`)} as health, ${staleSql(today, staleCheckInDays)} as stale, ${attainmentSql("g", sql`p.progress`)} as att
        from g cross join lateral (select ${progressSql()} as progress offset 0) p),
      by_group as (
        -- Grouped by ids and named in JavaScript: one row per journey × department × health is
        -- ~1,500 rows at the large company, and sent as objects carrying both names they were
        -- ~370 KB of JSON per view; as tuples and one name per id, well under half.
        select h.journey_id, h.department_id, h.health, count(*)::int as goals, count(*) filter (where h.stale)::int as stale
        from h group by 1, 2, 3),
      attention as (
        select h.id, gt.title, st.name as "stageName", h.journey_id as "journeyId", d.name as "departmentName", h.health, h.stale, h.due_date::text as "dueDate", h.n
        from (
          select h.*, row_number() over (order by (h.health = 'off_track' or h.health = 'overdue') desc, h.due_date, h.id) as n
          from h where h.health in ('off_track', 'overdue') or h.stale
          order by n limit 20) h
        join goals gt on gt.id = h.id join stages st on st.id = h.stage_id join departments d on d.id = h.department_id),
      per_stage as (
        select h.journey_id, h.stage_id, avg(h.att) as att
        from h where h.status = 'active' and h.measured group by 1, 2),
      consistency as (
        select p.journey_id as "journeyId", j.name as "journeyName", count(*)::int as "stagesMeasured",
          max(att) as best, min(att) as worst, max(att) - min(att) as spread,
          (array_agg(st.name order by att desc, st.position))[1] as "bestStage", (array_agg(st.name order by att asc, st.position))[1] as "worstStage"
        from per_stage p join journeys j on j.id = p.journey_id join stages st on st.id = p.stage_id group by p.journey_id, j.name)
      select
        (select coalesce(json_agg(json_build_array(x.journey_id, x.department_id, x.health, x.goals, x.stale)), '[]') from by_group x) as health,
        -- Every journey's and department's name (a few hundred at most): picking only those in
        -- by_group made PostgreSQL materialise by_group for three readers, doubling the statement.
        (select coalesce(json_object_agg(n.id, n.name), '{}') from (
          select j.id, j.name from journeys j union all select d.id, d.name from departments d) n) as names,
        (select coalesce(json_agg(x order by x.n), '[]') from attention x) as attention,
        (select coalesce(json_agg(x order by x.spread desc, x."journeyName", x."journeyId"), '[]') from consistency x) as consistency`),
    rows<DisputeStats>(db, sql`
      select count(*) filter (where dd.status = 'open')::int as open,
        count(*) filter (where dd.status = 'under_review')::int as "underReview",
        count(*) filter (where dd.status in ('open', 'under_review') and dd.due_by < ${at})::int as overdue,
        count(*) filter (where dd.status in ('open', 'under_review') and dd.due_by >= ${at})::int as "withinSla",
        count(*) filter (where dd.status in ('open', 'under_review') and dd.due_by < ${at} - interval '7 days')::int as "overdueOver7",
        count(*) filter (where dd.status = 'decided' and dd.closed_at > ${at} - interval '12 months')::int as "decided12m",
        (percentile_cont(0.5) within group (order by extract(epoch from dd.closed_at - dd.opened_at) / 86400)
          filter (where dd.status = 'decided' and dd.closed_at > ${at} - interval '12 months'))::float8 as "medianDaysToDecision",
        (max(extract(epoch from ${at} - dd.opened_at) / 86400) filter (where dd.status in ('open', 'under_review')))::float8 as "oldestOpenDays"
      from disputes dd where ${depDispute} and ${disputeJourney}`),
    rows<HotSpot>(db, sql`
      select da.name as a, db.name as b, count(*)::int as disputes, count(*) filter (where dd.status in ('open', 'under_review'))::int as open
      from dispute_parties pa
      join dispute_parties pb on pb.dispute_id = pa.dispute_id and pa.department_id < pb.department_id
      join disputes dd on dd.id = pa.dispute_id
      join departments da on da.id = pa.department_id join departments db on db.id = pb.department_id
      where ${depDispute} and ${disputeJourney}
      group by da.name, db.name order by disputes desc, open desc, least(da.name, db.name), greatest(da.name, db.name) limit 6`),
    rows<TrendRow>(db, sql`
      with months as (
        -- Twelve literal rows, not generate_series: the planner's 1,000-row guess for a series
        -- made the query expensive enough for PostgreSQL to JIT-compile it on every request.
        -- Each month's bounds are instants in the company's zone (lib/time), so a month is the
        -- company's month, DST included, whatever the database session's zone.
        select v.month, v.m::timestamptz as m, v.m_end::timestamptz as m_end
        from (values ${sql.join(monthsEnding(now, timeZone).map((x) => sql`(${x.month}, ${x.start.toISOString()}, ${x.end.toISOString()})`), sql`, `)}) as v(month, m, m_end)),
      scope as (select s.id, s.created_at from stages s join journeys j on j.id = s.journey_id where not s.archived and j.status <> 'archived' and ${j} and ${depStage}),
      -- Coverage at each month's end, set-based: every (month, stage that existed by then) pair
      -- joined to the accountable row in force then, kept only if its owner was still active and
      -- its department not yet archived, as the headline counts. (An EXISTS per pair was ~5,800
      -- index probes per view.) Each pair is one row, so plain counts suffice: a row matches
      -- when valid_from < t <= valid_to, and two accountable rows of a stage matching the same t
      -- would both cover the instants just before t, which the exclusion constraint
      -- ownership_accountable_no_overlap_ex forbids. (count(distinct) sorted every pair: a third
      -- of the read at the large company, half at 3x.)
      cov as (
        select mo.month, count(*)::float8 as stages, count(a.stage_id)::float8 as covered
        from months mo
        join scope on scope.created_at < least(mo.m_end, ${at})
        left join (ownership_assignments a join users u on u.id = a.person_id join departments d on d.id = a.department_id)
          on a.stage_id = scope.id and a.raci = 'accountable'
          and a.valid_from < least(mo.m_end, ${at}) and (a.valid_to is null or a.valid_to >= least(mo.m_end, ${at}))
          and (u.active or u.updated_at > least(mo.m_end, ${at})) and (not d.archived or d.updated_at > least(mo.m_end, ${at}))
        group by mo.month),
      -- Changes of owner and decisions, each in one pass grouped by month (a subquery per month
      -- scanned ownership_assignments twelve times).
      changes as (
        select mo.month, count(*)::int as n from months mo
        join ownership_assignments a on a.raci = 'accountable' and a.valid_from >= mo.m and a.valid_from < mo.m_end
        join scope on scope.id = a.stage_id
        group by mo.month),
      decided as (
        select mo.month, count(*)::int as n from months mo
        join decisions x on x.decided_at >= mo.m and x.decided_at < mo.m_end
        join disputes dd on dd.id = x.dispute_id
        where ${depDispute} and ${disputeJourney}
        group by mo.month)
      select months.month, coalesce(changes.n, 0) as "ownershipChanges", coalesce(decided.n, 0) as decisions,
        case when cov.stages > 0 then cov.covered / cov.stages end as coverage
      from months left join cov on cov.month = months.month left join changes on changes.month = months.month
        left join decided on decided.month = months.month
      order by m`),
  ]);
  const { names, consistency } = goalFigures!;
  const health = goalFigures!.health.map(
    ([journeyId, departmentId, h, goals, stale]): HealthCount => ({ journeyId, journeyName: names[journeyId]!, departmentId, departmentName: names[departmentId]!, health: h, goals, stale }),
  );
  // Row numbers ordered the list in SQL; the page needs none.
  const attention = goalFigures!.attention.map(({ n: _n, ...goal }) => goal as AttentionGoal);
  return { today, staleCheckInDays, disputeSlaDays, coverage, needsOwner, matrix, stageMatrix, health, attention, consistency, disputeStats: disputeStats!, hotSpots, trends };
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
