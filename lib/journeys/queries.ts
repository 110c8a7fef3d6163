import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, resultRows } from "@/db/client";
import { decisions, departments, disputes, handoffs, journeys, ownershipAssignments, stages, users } from "@/db/schema";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { mayPickAccountablePerson, ownershipFlags, type OwnershipFlag } from "@/lib/ownership/rules";
import { can, canFor, canForAnyDepartment, DEPARTMENT_ROLES, type PermissionActor, type Role } from "@/lib/permissions";
import { asOfInstant, checkAsOfDay } from "./as-of";

export type JourneyStatus = "draft" | "active" | "archived";
export type Raci = "accountable" | "responsible" | "consulted" | "informed";

export type JourneySummary = {
  id: string;
  name: string;
  segment: string;
  description: string;
  status: JourneyStatus;
  stageCount: number;
  ownedCount: number;
  needsOwnerCount: number;
  pendingHandoffs: number;
};

export async function listJourneys({ includeArchived = false }: { includeArchived?: boolean } = {}): Promise<JourneySummary[]> {
  const db = await getDb();
  const res = await db.execute(sql`
    select j.id, j.name, j.segment, j.description, j.status,
      count(s.id)::int as "stageCount",
      count(a.stage_id)::int as "ownedCount",
      count(s.id) filter (where a.stage_id is null or not u.active or d.archived)::int as "needsOwnerCount",
      count(h.id)::int as "pendingHandoffs"
    from journeys j
    left join stages s on s.journey_id = j.id and not s.archived
    left join ownership_assignments a on a.stage_id = s.id and a.raci = 'accountable' and a.valid_to is null
    left join users u on u.id = a.person_id
    left join departments d on d.id = a.department_id
    left join handoffs h on h.stage_id = s.id and h.status = 'pending'
    where ${includeArchived ? sql`true` : sql`j.status <> 'archived'`}
    group by j.id
    order by (j.status = 'archived'), lower(j.name)`);
  return resultRows<JourneySummary>(res);
}

/** Live journeys' ids and names, by name: for a filter's choices (no counts to work out). */
export async function listJourneyOptions(): Promise<{ id: string; name: string }[]> {
  const db = await getDb();
  return resultRows<{ id: string; name: string }>(await db.execute(sql`select j.id, j.name from journeys j where j.status <> 'archived' order by lower(j.name)`));
}

/** The `asOf` search parameter as given (checked by getJourneyBoard, which refuses bad days with a message). */
export const asOfParamSchema = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().max(100).optional().catch(undefined)).transform((v) => v || undefined);

export type BoardStage = {
  id: string;
  position: number;
  name: string;
  customerGoal: string;
  emotionScore: number | null;
  phase: string;
  touchpoints: string[];
  channels: string[];
  accountable: {
    departmentId: string;
    departmentName: string;
    personId: string | null;
    personName: string | null;
    since: Date;
    source: "assigned" | "claimed" | "handed_off" | "decided";
  } | null;
  raci: { departmentId: string; departmentName: string; raci: Raci }[];
  pendingHandoff: { id: string; toDepartmentId: string; toDepartmentName: string } | null;
  flags: OwnershipFlag[];
  // Only on a past day's board: a stage that was live then and has been archived since.
  archivedSince: Date | null;
};

export type JourneyBoard = {
  journey: { id: string; name: string; description: string; segment: string; status: JourneyStatus };
  asOf: string | null;
  /** The instant the as-of day ends in the company's zone (null for today's board). */
  asOfEnd: Date | null;
  stages: BoardStage[];
  departments: { id: string; name: string; archived: boolean }[];
};

/**
 * A journey's stages in the customer's order with their owners, now or as of the end of a
 * given day. On a past day everything is as it was then: the stages that existed (including
 * ones archived since), their accountable owners and R/C/I, the handoffs then pending and the
 * disputes then open. A future day is refused (invalid, with a field error on asOf). A fixed
 * number of queries, whatever the journey's size.
 */
export async function getJourneyBoard({ journeyId, asOf }: { journeyId: string; asOf?: string }): Promise<JourneyBoard> {
  return boardOf(journeyId, asOf, null);
}

type JourneyRow = typeof journeys.$inferSelect;

/**
 * The board, reading the journey's row unless the caller has it (the stage page reads it with
 * its stage). Today's board reads the row beside the rest, not before it: one round trip fewer.
 */
async function boardOf(journeyId: string, asOf: string | undefined, known: Promise<JourneyRow | undefined> | null): Promise<JourneyBoard> {
  const db = await getDb();
  const journeyRow = known ? known.then((j) => (j ? [j] : [])) : db.select().from(journeys).where(eq(journeys.id, journeyId));
  // A past day's board needs the zone before its queries, and refuses an unknown journey before a bad day.
  const [journeyFirst, timeZone] = asOf !== undefined ? await Promise.all([journeyRow.then(([j]) => j), getTimeZone()]) : [undefined, null];
  if (asOf !== undefined && !journeyFirst) throw notFound("That journey");
  // The day is checked against the company's today, and ends at midnight in its zone.
  const day = asOf === undefined || !timeZone ? null : checkAsOfDay(asOf, todayIn(timeZone));
  const dayEnd = day && timeZone ? asOfInstant(day, timeZone) : null;
  const at = dayEnd ? sql`${dayEnd.toISOString()}::timestamptz` : null;
  const when: SQL = at
    ? sql`${ownershipAssignments.validFrom} < ${at} and (${ownershipAssignments.validTo} is null or ${ownershipAssignments.validTo} >= ${at})`
    : sql`${ownershipAssignments.validTo} is null`;
  // An archived stage cannot change, so its updated_at is when it was archived.
  const stageLive: SQL = at ? sql`${stages.createdAt} < ${at} and (not ${stages.archived} or ${stages.updatedAt} >= ${at})` : sql`not ${stages.archived}`;
  const handoffPending: SQL = at
    ? sql`${handoffs.proposedAt} < ${at} and (${handoffs.respondedAt} is null or ${handoffs.respondedAt} >= ${at})`
    : sql`${handoffs.status} = 'pending'`;
  const disputeOpen: SQL = at
    ? sql`${disputes.openedAt} < ${at} and (${disputes.closedAt} is null or ${disputes.closedAt} >= ${at})`
    : inArray(disputes.status, ["open", "under_review"]);
  const person = alias(users, "person");
  const [[journey], stageRows, assignmentRows, pendingRows, departmentRows, disputedRows] = await Promise.all([
    journeyFirst ? [journeyFirst] : journeyRow,
    db.select().from(stages).where(and(eq(stages.journeyId, journeyId), stageLive)).orderBy(asc(stages.archived), asc(stages.position)),
    db
      .select({
        stageId: ownershipAssignments.stageId,
        departmentId: ownershipAssignments.departmentId,
        departmentName: departments.name,
        departmentArchived: departments.archived,
        raci: ownershipAssignments.raci,
        personId: ownershipAssignments.personId,
        personName: person.name,
        personActive: person.active,
        validFrom: ownershipAssignments.validFrom,
        source: ownershipAssignments.source,
      })
      .from(ownershipAssignments)
      .innerJoin(stages, eq(stages.id, ownershipAssignments.stageId))
      .innerJoin(departments, eq(departments.id, ownershipAssignments.departmentId))
      .leftJoin(person, eq(person.id, ownershipAssignments.personId))
      .where(and(eq(stages.journeyId, journeyId), when)),
    db
      .select({ id: handoffs.id, stageId: handoffs.stageId, toDepartmentId: handoffs.toDepartmentId, toDepartmentName: departments.name })
      .from(handoffs)
      .innerJoin(stages, eq(stages.id, handoffs.stageId))
      .innerJoin(departments, eq(departments.id, handoffs.toDepartmentId))
      .where(and(eq(stages.journeyId, journeyId), handoffPending)),
    db.select({ id: departments.id, name: departments.name, archived: departments.archived, createdAt: departments.createdAt }).from(departments).orderBy(asc(departments.name)),
    db
      .select({ stageId: disputes.stageId })
      .from(disputes)
      .innerJoin(stages, eq(stages.id, disputes.stageId))
      .where(and(eq(stages.journeyId, journeyId), disputeOpen, inArray(disputes.kind, ["ownership", "handoff"]))),
  ]);
  if (!journey) throw notFound("That journey");
  const disputed = new Set(disputedRows.map((r) => r.stageId));

  const boardStages: BoardStage[] = stageRows.map((s) => {
    const rows = assignmentRows.filter((a) => a.stageId === s.id);
    const acc = rows.find((a) => a.raci === "accountable");
    const pending = pendingRows.find((p) => p.stageId === s.id);
    return {
      id: s.id,
      position: s.position,
      name: s.name,
      customerGoal: s.customerGoal,
      emotionScore: s.emotionScore,
      phase: s.phase,
      touchpoints: s.touchpoints,
      channels: s.channels,
      accountable: acc
        ? { departmentId: acc.departmentId, departmentName: acc.departmentName, personId: acc.personId, personName: acc.personName, since: acc.validFrom, source: acc.source }
        : null,
      raci: rows
        .filter((a) => a.raci !== "accountable")
        .map((a) => ({ departmentId: a.departmentId, departmentName: a.departmentName, raci: a.raci }))
        .sort((a, b) => a.raci.localeCompare(b.raci) || a.departmentName.localeCompare(b.departmentName)),
      pendingHandoff: pending ? { id: pending.id, toDepartmentId: pending.toDepartmentId, toDepartmentName: pending.toDepartmentName } : null,
      // Whether a person was deactivated or a department archived on a past day is not
      // recorded with the ownership history, so those two flags are today's only.
      flags: ownershipFlags({
        hasAccountable: Boolean(acc),
        accountablePersonActive: acc && !day ? acc.personActive : null,
        accountableDepartmentArchived: acc && !day ? acc.departmentArchived : null,
        pendingHandoff: Boolean(pending),
        disputed: disputed.has(s.id),
      }),
      archivedSince: s.archived ? s.updatedAt : null,
    };
  });
  // Matrix columns: current departments (on a past day, those that existed then), plus archived ones that hold a role here.
  const used = new Set(assignmentRows.map((a) => a.departmentId));
  const atTime = dayEnd ? dayEnd.getTime() : null;
  return {
    journey: { id: journey.id, name: journey.name, description: journey.description, segment: journey.segment, status: journey.status },
    asOf: day,
    asOfEnd: dayEnd,
    stages: boardStages,
    departments: departmentRows
      .filter((d) => used.has(d.id) || (!d.archived && (atTime === null || d.createdAt.getTime() < atTime)))
      .map(({ id, name, archived }) => ({ id, name, archived })),
  };
}

export type HistoryEntry = {
  id: string;
  departmentName: string;
  personName: string | null;
  raci: Raci;
  validFrom: Date;
  validTo: Date | null;
  source: "assigned" | "claimed" | "handed_off" | "decided";
  byName: string | null;
  reason: string;
  // Set when the row came from a decision: it links to the decision and its dispute.
  decision: { id: string; outcome: string; disputeId: string; disputeTitle: string } | null;
};

export type HandoffEntry = {
  id: string;
  fromDepartmentId: string;
  fromDepartmentName: string;
  toDepartmentId: string;
  toDepartmentName: string;
  note: string;
  goalDisposition: "move" | "retire";
  status: "pending" | "accepted" | "declined" | "cancelled" | "expired";
  proposedById: string;
  proposedByName: string;
  proposedAt: Date;
  respondedByName: string | null;
  respondedAt: Date | null;
  responseReason: string | null;
  forced: boolean;
  // The latest dispute raised about this handoff, if any: a decided one is not raised again.
  dispute: { id: string; status: "open" | "under_review" | "decided" | "withdrawn" } | null;
};

/**
 * A stage with its journey, owners now, ownership history, handoffs and the departments. With
 * `journeyId` (the page's URL names it) every read starts at once, the board's with the stage's
 * own journey row; a stage of another journey then reads the right board after.
 */
export async function getStageDetail({ stageId, journeyId }: { stageId: string; journeyId?: string }) {
  const db = await getDb();
  const rowRead = db
    .select({ stage: stages, journey: journeys })
    .from(stages)
    .innerJoin(journeys, eq(journeys.id, stages.journeyId))
    .where(eq(stages.id, stageId))
    .then(([r]) => r);
  // Settled, not thrown: when the stage is not on that journey its error is not the answer.
  const hinted = journeyId
    ? boardOf(journeyId, undefined, rowRead.then((r) => (r && r.stage.journeyId === journeyId ? r.journey : undefined))).then(
        (board) => ({ board }),
        () => null,
      )
    : null;
  const person = alias(users, "person");
  const by = alias(users, "by");
  const fromDep = alias(departments, "from_dep");
  const toDep = alias(departments, "to_dep");
  const responder = alias(users, "responder");
  const [row, history, handoffRows] = await Promise.all([
    rowRead,
    db
      .select({
        id: ownershipAssignments.id,
        departmentName: departments.name,
        personName: person.name,
        raci: ownershipAssignments.raci,
        validFrom: ownershipAssignments.validFrom,
        validTo: ownershipAssignments.validTo,
        source: ownershipAssignments.source,
        byName: by.name,
        reason: ownershipAssignments.reason,
        decisionId: decisions.id,
        decisionOutcome: decisions.outcome,
        disputeId: disputes.id,
        disputeTitle: disputes.title,
      })
      .from(ownershipAssignments)
      .innerJoin(departments, eq(departments.id, ownershipAssignments.departmentId))
      .leftJoin(person, eq(person.id, ownershipAssignments.personId))
      .leftJoin(by, eq(by.id, ownershipAssignments.byUserId))
      .leftJoin(decisions, eq(decisions.id, ownershipAssignments.decisionId))
      .leftJoin(disputes, eq(disputes.id, decisions.disputeId))
      .where(eq(ownershipAssignments.stageId, stageId))
      .orderBy(desc(ownershipAssignments.validFrom), asc(ownershipAssignments.raci)),
    db
      .select({
        id: handoffs.id,
        fromDepartmentId: handoffs.fromDepartmentId,
        fromDepartmentName: fromDep.name,
        toDepartmentId: handoffs.toDepartmentId,
        toDepartmentName: toDep.name,
        note: handoffs.note,
        goalDisposition: handoffs.goalDisposition,
        status: handoffs.status,
        proposedById: handoffs.proposedById,
        proposedByName: by.name,
        proposedAt: handoffs.proposedAt,
        respondedByName: responder.name,
        respondedAt: handoffs.respondedAt,
        responseReason: handoffs.responseReason,
        forced: handoffs.forced,
        dispute: sql<HandoffEntry["dispute"]>`(
          select json_build_object('id', dp.id, 'status', dp.status) from ${disputes} dp
          where dp.handoff_id = ${handoffs.id} order by dp.opened_at desc limit 1)`,
      })
      .from(handoffs)
      .innerJoin(fromDep, eq(fromDep.id, handoffs.fromDepartmentId))
      .innerJoin(toDep, eq(toDep.id, handoffs.toDepartmentId))
      .innerJoin(by, eq(by.id, handoffs.proposedById))
      .leftJoin(responder, eq(responder.id, handoffs.respondedById))
      .where(eq(handoffs.stageId, stageId))
      .orderBy(desc(handoffs.proposedAt)),
  ]);
  if (!row) throw notFound("That stage");
  const board = (hinted && row.stage.journeyId === journeyId ? (await hinted)?.board : undefined) ?? (await boardOf(row.stage.journeyId, undefined, Promise.resolve(row.journey)));
  const current = board.stages.find((s) => s.id === stageId) ?? null;
  return {
    stage: row.stage,
    journey: { id: row.stage.journeyId, name: row.journey.name, status: row.journey.status },
    current,
    history: history.map(({ decisionId, decisionOutcome, disputeId, disputeTitle, ...h }): HistoryEntry => ({
      ...h,
      decision: decisionId && disputeId ? { id: decisionId, outcome: decisionOutcome!, disputeId, disputeTitle: disputeTitle! } : null,
    })),
    handoffs: handoffRows as HandoffEntry[],
    departments: board.departments,
  };
}

export type PendingHandoff = { id: string; stageId: string; stageName: string; journeyId: string; journeyName: string; fromDepartmentName: string; toDepartmentName: string; note: string; proposedAt: Date; incoming: boolean };

/** Handoffs waiting on the caller's department (heads) or on anyone (CCO), and ones they proposed. */
export async function listPendingHandoffs(actor: PermissionActor & { id: string }): Promise<PendingHandoff[]> {
  if (!can(actor.role, "handoffs.manage")) return [];
  const db = await getDb();
  const fromDep = alias(departments, "from_dep");
  const toDep = alias(departments, "to_dep");
  const scope = canForAnyDepartment(actor.role, "handoffs.manage")
    ? undefined
    : sql`(${handoffs.toDepartmentId} = ${actor.departmentId} or ${handoffs.proposedById} = ${actor.id} or ${handoffs.fromDepartmentId} = ${actor.departmentId})`;
  const rows = await db
    .select({
      id: handoffs.id,
      stageId: stages.id,
      stageName: stages.name,
      journeyId: journeys.id,
      journeyName: journeys.name,
      fromDepartmentName: fromDep.name,
      toDepartmentName: toDep.name,
      toDepartmentId: handoffs.toDepartmentId,
      note: handoffs.note,
      proposedAt: handoffs.proposedAt,
    })
    .from(handoffs)
    .innerJoin(stages, eq(stages.id, handoffs.stageId))
    .innerJoin(journeys, eq(journeys.id, stages.journeyId))
    .innerJoin(fromDep, eq(fromDep.id, handoffs.fromDepartmentId))
    .innerJoin(toDep, eq(toDep.id, handoffs.toDepartmentId))
    .where(and(eq(handoffs.status, "pending"), scope))
    .orderBy(asc(handoffs.proposedAt));
  return rows.map(({ toDepartmentId, ...r }) => ({ ...r, incoming: canFor(actor, "handoffs.manage", toDepartmentId) }));
}

/**
 * People who can be made accountable: active users of current departments, for whoever may pick one.
 * `accountableOf`: those of the department accountable for that stage now (none if it has no owner),
 * found in the same query, so a stage page need not wait for its owner before asking.
 */
export async function listAssignablePeople({
  actor,
  departmentId,
  accountableOf,
}: {
  actor: Actor;
  departmentId?: string | null;
  accountableOf?: string;
}): Promise<{ id: string; name: string; departmentId: string; role: Role }[]> {
  if (!mayPickAccountablePerson(actor)) throw forbidden();
  // A department's people only: a large company has a thousand, and a form needs one department's.
  if (departmentId === null) return [];
  const db = await getDb();
  const ofDepartment = accountableOf
    ? sql`${users.departmentId} = (select a.department_id from ${ownershipAssignments} a where a.stage_id = ${accountableOf} and a.raci = 'accountable' and a.valid_to is null limit 1)`
    : departmentId
      ? eq(users.departmentId, departmentId)
      : undefined;
  const rows = await db
    .select({ id: users.id, name: users.name, departmentId: users.departmentId, role: users.role })
    .from(users)
    .innerJoin(departments, and(eq(departments.id, users.departmentId), eq(departments.archived, false)))
    .where(and(eq(users.active, true), inArray(users.role, [...DEPARTMENT_ROLES]), ofDepartment))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, departmentId: r.departmentId! }));
}


/** Live stages of live journeys, for pickers (e.g. the stage a dispute is about). */
export async function listStageOptions(): Promise<{ id: string; label: string; journeyId: string }[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: stages.id, name: stages.name, position: stages.position, journeyId: journeys.id, journeyName: journeys.name })
    .from(stages)
    .innerJoin(journeys, eq(journeys.id, stages.journeyId))
    .where(and(eq(stages.archived, false), sql`${journeys.status} <> 'archived'`))
    .orderBy(asc(journeys.name), asc(stages.position));
  return rows.map((r) => ({ id: r.id, journeyId: r.journeyId, label: `${r.journeyName} › ${r.position}. ${r.name}` }));
}
