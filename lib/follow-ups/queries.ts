import { sql, type SQL } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { fetchPage, type Page, type Paging } from "@/lib/pagination";
import { can, canForAnyDepartment } from "@/lib/permissions";
import { availableSteps, canWorkOn, mayAct, type FollowUpStatus, type FollowUpStep } from "./rules";
import type { FollowUpFilter } from "./schemas";

export type FollowUpRow = {
  id: string;
  status: FollowUpStatus;
  reason: "threshold" | "flagged";
  dueAt: Date;
  createdAt: Date;
  overdue: boolean;
  mine: boolean;
  stageId: string;
  stageName: string;
  journeyId: string;
  journeyName: string;
  departmentId: string | null;
  departmentName: string | null;
  scale: "csat" | "nps" | "ces" | null;
  score: string | null;
  source: string;
  comment: string | null;
  commentRemoved: boolean;
};

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

function where(filter: FollowUpFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.status === "active") parts.push(sql`f.status <> 'closed'`);
  else if (filter.status !== "all") parts.push(sql`f.status = ${filter.status}`);
  if (filter.stageId) parts.push(sql`f.stage_id = ${filter.stageId}`);
  if (filter.departmentId) parts.push(sql`f.department_id = ${filter.departmentId}`);
  if (filter.overdue) parts.push(sql`f.status <> 'closed' and f.due_at < now()`);
  return sql.join(parts, sql` and `);
}

/**
 * The follow-up inbox. Everyone may read every follow-up; the list puts the reader's own work
 * first: a head's or member's department's follow-ups, the CCO's queue of unowned stages, then
 * the overdue ones, then by due time (a total order, so pages never overlap).
 */
export async function listFollowUpsPage({ actor, filter, paging }: { actor: Actor; filter: FollowUpFilter; paging: Paging }): Promise<Page<FollowUpRow>> {
  const db = await getDb();
  const w = where(filter);
  const mine = canForAnyDepartment(actor.role, "follow_ups.act")
    ? sql`f.department_id is null`
    : actor.departmentId && can(actor.role, "follow_ups.act")
      ? sql`f.department_id = ${actor.departmentId}::uuid`
      : sql`false`;
  return fetchPage(
    paging,
    async () => {
      const [row] = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from follow_ups f where ${w}`));
      return Number(row?.n ?? 0);
    },
    async (limit, offset) => {
      // The page is chosen from follow_ups alone (its order is theirs), then joined: joining the
      // signals first made PostgreSQL hash every signal of a large company to sort the follow-ups.
      const res = await db.execute(sql`
        with page as (
          select f.*, coalesce(${mine}, false) as mine, (f.status <> 'closed' and f.due_at < now()) as overdue
          from follow_ups f
          where ${w}
          order by coalesce(${mine}, false) desc, (f.status <> 'closed' and f.due_at < now()) desc, (f.status = 'closed'), f.due_at, f.id
          limit ${limit} offset ${offset}
        )
        select f.id, f.status, f.reason, f.due_at as "dueAt", f.created_at as "createdAt", f.overdue, f.mine,
          s.id as "stageId", s.name as "stageName", j.id as "journeyId", j.name as "journeyName",
          f.department_id as "departmentId", d.name as "departmentName",
          cs.scale, cs.score::text as score, cs.source, left(cs.comment, 160) as comment, cs.comment_removed_at is not null as "commentRemoved"
        from page f
        join stages s on s.id = f.stage_id
        join journeys j on j.id = s.journey_id
        join customer_signals cs on cs.id = f.signal_id
        left join departments d on d.id = f.department_id
        order by f.mine desc, f.overdue desc, (f.status = 'closed'), f.due_at, f.id`);
      return resultRows<FollowUpRow>(res).map((r) => ({ ...r, dueAt: toDate(r.dueAt), createdAt: toDate(r.createdAt) }));
    },
  );
}

/** The number of follow-ups still to be closed that are the reader's to act on (the nav's count); null when none are. */
export async function myOpenFollowUpCount(actor: Actor): Promise<number | null> {
  if (!can(actor.role, "follow_ups.act")) return null;
  const anyDepartment = canForAnyDepartment(actor.role, "follow_ups.act");
  if (!anyDepartment && !actor.departmentId) return null;
  const db = await getDb();
  const scope = anyDepartment ? sql`true` : sql`department_id = ${actor.departmentId}::uuid`;
  const [row] = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from follow_ups where status <> 'closed' and ${scope}`));
  return Number(row?.n ?? 0);
}

export type FollowUpEventRow = {
  id: string;
  kind: string;
  fromStatus: FollowUpStatus | null;
  toStatus: FollowUpStatus | null;
  fromDepartmentName: string | null;
  toDepartmentName: string | null;
  note: string;
  actorName: string | null;
  createdAt: Date;
};

export type FollowUpDetail = FollowUpRow & {
  signal: { receivedAt: Date; channel: string; customerRef: string | null; tags: string[]; commentRemovedReason: string | null };
  goal: { id: string; title: string } | null;
  dispute: { id: string; title: string; status: string } | null;
  closedAt: Date | null;
  overdueNotifiedAt: Date | null;
  escalatedAt: Date | null;
  events: FollowUpEventRow[];
  /** What the reader may do here. */
  steps: FollowUpStep[];
  mayAct: boolean;
  mayWorkOn: boolean;
  mayDispute: boolean;
  goalOptions: { id: string; title: string }[];
  departmentOptions: { id: string; name: string }[];
};

export async function getFollowUp(actor: Actor, id: string): Promise<FollowUpDetail> {
  const db = await getDb();
  const res = await db.execute(sql`
    select f.id, f.status, f.reason, f.due_at as "dueAt", f.created_at as "createdAt", f.closed_at as "closedAt",
      f.overdue_notified_at as "overdueNotifiedAt", f.escalated_at as "escalatedAt",
      (f.status <> 'closed' and f.due_at < now()) as overdue, false as mine,
      s.id as "stageId", s.name as "stageName", j.id as "journeyId", j.name as "journeyName",
      f.department_id as "departmentId", d.name as "departmentName",
      cs.scale, cs.score::text as score, cs.source, cs.comment, cs.comment_removed_at is not null as "commentRemoved",
      cs.comment_removed_reason as "commentRemovedReason", cs.received_at as "receivedAt", cs.channel, cs.customer_ref as "customerRef", cs.tags,
      g.id as "goalId", g.title as "goalTitle", x.id as "disputeId", x.title as "disputeTitle", x.status as "disputeStatus"
    from follow_ups f
    join stages s on s.id = f.stage_id
    join journeys j on j.id = s.journey_id
    join customer_signals cs on cs.id = f.signal_id
    left join departments d on d.id = f.department_id
    left join goals g on g.id = f.goal_id
    left join disputes x on x.id = f.dispute_id
    where f.id = ${id}::uuid`);
  type Raw = FollowUpRow & Record<string, unknown>;
  const [r] = resultRows<Raw>(res);
  if (!r) throw notFound("That follow-up");
  const [eventsRes, goalsRes, depsRes] = await Promise.all([
    db.execute(sql`
      select e.id, e.kind, e.from_status as "fromStatus", e.to_status as "toStatus", fd.name as "fromDepartmentName", td.name as "toDepartmentName",
        e.note, u.name as "actorName", e.created_at as "createdAt"
      from follow_up_events e
      left join departments fd on fd.id = e.from_department_id
      left join departments td on td.id = e.to_department_id
      left join users u on u.id = e.actor_id
      where e.follow_up_id = ${id}::uuid
      order by e.created_at, e.id`),
    db.execute(sql`select id, title from goals where stage_id = ${r.stageId}::uuid and status in ('draft', 'active') order by title, id`),
    db.execute(sql`select id, name from departments where not archived order by name, id`),
  ]);
  const state = { status: r.status, departmentId: r.departmentId, departmentName: r.departmentName };
  const workOn = canWorkOn(actor, state).ok;
  const events = resultRows<FollowUpEventRow>(eventsRes).map((e) => ({ ...e, createdAt: toDate(e.createdAt) }));
  const opt = (v: unknown) => (v == null ? null : toDate(v));
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    dueAt: toDate(r.dueAt),
    createdAt: toDate(r.createdAt),
    closedAt: opt(r.closedAt),
    overdueNotifiedAt: opt(r.overdueNotifiedAt),
    escalatedAt: opt(r.escalatedAt),
    overdue: r.overdue,
    mine: false,
    stageId: r.stageId,
    stageName: r.stageName,
    journeyId: r.journeyId,
    journeyName: r.journeyName,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    scale: r.scale,
    score: r.score,
    source: r.source,
    comment: r.comment,
    commentRemoved: r.commentRemoved,
    signal: {
      receivedAt: toDate(r.receivedAt),
      channel: String(r.channel ?? ""),
      customerRef: (r.customerRef as string | null) ?? null,
      tags: Array.isArray(r.tags) ? (r.tags as string[]) : [],
      commentRemovedReason: (r.commentRemovedReason as string | null) ?? null,
    },
    goal: r.goalId ? { id: String(r.goalId), title: String(r.goalTitle) } : null,
    dispute: r.disputeId ? { id: String(r.disputeId), title: String(r.disputeTitle), status: String(r.disputeStatus) } : null,
    events,
    steps: availableSteps(actor, state),
    mayAct: mayAct(actor, state).ok,
    mayWorkOn: workOn,
    mayDispute: workOn && can(actor.role, "disputes.raise") && r.departmentId !== null,
    goalOptions: resultRows<{ id: string; title: string }>(goalsRes),
    departmentOptions: resultRows<{ id: string; name: string }>(depsRes).filter((d) => d.id !== r.departmentId),
  };
}

export type FollowUpDashboardRow = {
  stageId: string;
  stageName: string;
  journeyId: string;
  departmentName: string | null;
  open: number;
  overdue: number;
  oldestDays: number;
};
export type FollowUpDashboard = { open: number; overdue: number; escalated: number; rows: FollowUpDashboardRow[] };

/**
 * The executives' view of the closed loop: follow-ups not yet closed by stage and department,
 * how many are overdue and how old the oldest is — one aggregate statement, the busiest
 * (most overdue, then most open) first, the company's totals alongside.
 */
export async function followUpDashboard(limit = 8): Promise<FollowUpDashboard> {
  const db = await getDb();
  const res = await db.execute(sql`
    with g as (
      select f.stage_id, f.department_id, count(*)::int as open,
        (count(*) filter (where f.due_at < now()))::int as overdue,
        (count(*) filter (where f.escalated_at is not null))::int as escalated,
        floor(extract(epoch from now() - min(f.created_at)) / 86400)::int as oldest_days
      from follow_ups f where f.status <> 'closed'
      group by f.stage_id, f.department_id
    )
    select g.stage_id as "stageId", s.name as "stageName", s.journey_id as "journeyId", d.name as "departmentName",
      g.open, g.overdue, g.oldest_days as "oldestDays",
      (sum(g.open) over ())::int as "totalOpen", (sum(g.overdue) over ())::int as "totalOverdue", (sum(g.escalated) over ())::int as "totalEscalated"
    from g join stages s on s.id = g.stage_id left join departments d on d.id = g.department_id
    order by g.overdue desc, g.open desc, g.oldest_days desc, s.name, g.stage_id
    limit ${limit}`);
  const rows = resultRows<FollowUpDashboardRow & { totalOpen: number; totalOverdue: number; totalEscalated: number }>(res);
  const first = rows[0];
  return {
    open: Number(first?.totalOpen ?? 0),
    overdue: Number(first?.totalOverdue ?? 0),
    escalated: Number(first?.totalEscalated ?? 0),
    rows: rows.map((r) => ({ stageId: r.stageId, stageName: r.stageName, journeyId: r.journeyId, departmentName: r.departmentName, open: Number(r.open), overdue: Number(r.overdue), oldestDays: Number(r.oldestDays) })),
  };
}

/**
 * Every stage that has follow-ups, for the inbox's stage filter ("Journey · Stage"). Not capped:
 * a stage missing from the list could not be chosen, and there are at most as many as stages.
 */
export async function followUpStageOptions(): Promise<{ value: string; label: string }[]> {
  const db = await getDb();
  const res = await db.execute(sql`
    select s.id as value, j.name || ' · ' || s.name as label
    from stages s join journeys j on j.id = s.journey_id
    where exists (select 1 from follow_ups f where f.stage_id = s.id)
    order by j.name, s.position, s.id`);
  return resultRows<{ value: string; label: string }>(res);
}
