import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, resultRows } from "@/db/client";
import { escapeLike } from "@/lib/validation";
import { decisions, departments, disputeComments, disputeParties, disputes, journeys, stages, users } from "@/db/schema";
import { getTimeZone } from "@/lib/settings";
import { endOfDay, startOfDay } from "@/lib/time";
import { formatDate } from "@/lib/time-format";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { exactInstant } from "@/lib/keyset";
import { fetchPage, FIRST_PAGE, type Page, type Paging } from "@/lib/pagination";
import { can } from "@/lib/permissions";
import { effectFromRow } from "./effect";
import type { DisputeKind, DisputeStatus } from "./rules";
import type { DecisionLogFilter } from "./schemas";

export type DecisionEffectView = ReturnType<typeof effectFromRow>;

export type DisputeRow = {
  id: string;
  kind: DisputeKind;
  title: string;
  status: DisputeStatus;
  stageId: string | null;
  stageName: string | null;
  journeyId: string | null;
  raisedByName: string;
  openedAt: Date;
  dueBy: Date;
  closedAt: Date | null;
  parties: string[];
};


export type DisputeListFilter = { status: "active" | DisputeStatus | "all"; kind?: DisputeKind; departmentId?: string };

/**
 * One page of disputes, soonest due first, with the total and how many of all those matching
 * are past their service level (isOverdue in SQL, at `now`).
 */
export async function listDisputes({ actor, filter, paging = FIRST_PAGE, now = new Date() }: { actor: Actor; filter: DisputeListFilter; paging?: Paging; now?: Date }): Promise<Page<DisputeRow> & { overdue: number }> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const db = await getDb();
  const raiser = alias(users, "raiser");
  const where: SQL[] = [];
  if (filter.status === "active") where.push(inArray(disputes.status, ["open", "under_review"]));
  else if (filter.status !== "all") where.push(eq(disputes.status, filter.status));
  if (filter.kind) where.push(eq(disputes.kind, filter.kind));
  if (filter.departmentId) where.push(sql`exists (select 1 from ${disputeParties} p where p.dispute_id = ${disputes.id} and p.department_id = ${filter.departmentId})`);
  const cond = where.length ? and(...where) : undefined;
  const overdue = sql`${disputes.status} in ('open', 'under_review') and ${disputes.dueBy} < ${now.toISOString()}::timestamptz`;
  const rows = (limit: number, offset: number) =>
    db
      .select({
        id: disputes.id,
        kind: disputes.kind,
        title: disputes.title,
        status: disputes.status,
        stageId: disputes.stageId,
        stageName: stages.name,
        journeyId: stages.journeyId,
        raisedByName: raiser.name,
        openedAt: disputes.openedAt,
        dueBy: disputes.dueBy,
        closedAt: disputes.closedAt,
        parties: sql<string[]>`coalesce((select array_agg(d.name order by d.name) from ${disputeParties} p join ${departments} d on d.id = p.department_id where p.dispute_id = ${disputes.id}), '{}')`,
      })
      .from(disputes)
      .innerJoin(raiser, eq(raiser.id, disputes.raisedById))
      .leftJoin(stages, eq(stages.id, disputes.stageId))
      .where(cond)
      .orderBy(asc(disputes.dueBy), asc(disputes.id))
      .limit(limit)
      .offset(offset);
  const total = async () => (await db.select({ n: count() }).from(disputes).where(cond))[0]?.n ?? 0;
  const [[overdueRow], page] = await Promise.all([db.select({ n: count() }).from(disputes).where(and(cond, overdue)), fetchPage(paging, total, rows)]);
  return { ...page, overdue: overdueRow?.n ?? 0 };
}

/** One dispute with its parties' statements, the discussion and the decision: every signed-in role reads disputes. */
export async function getDispute({ actor, disputeId }: { actor: Actor; disputeId: string }) {
  if (!can(actor.role, "app.view")) throw forbidden();
  const db = await getDb();
  const raiser = alias(users, "raiser");
  const reviewer = alias(users, "reviewer");
  const [d] = await db
    .select({
      dispute: disputes,
      raisedByName: raiser.name,
      reviewerName: reviewer.name,
      stageName: stages.name,
      journeyId: stages.journeyId,
      journeyName: journeys.name,
      raisedByDepartmentName: departments.name,
    })
    .from(disputes)
    .innerJoin(raiser, eq(raiser.id, disputes.raisedById))
    .leftJoin(reviewer, eq(reviewer.id, disputes.reviewerId))
    .leftJoin(stages, eq(stages.id, disputes.stageId))
    .leftJoin(journeys, eq(journeys.id, stages.journeyId))
    .leftJoin(departments, eq(departments.id, disputes.raisedByDepartmentId))
    .where(eq(disputes.id, disputeId));
  if (!d) throw notFound("That dispute");
  const author = alias(users, "author");
  const decider = alias(users, "decider");
  const editor = alias(users, "editor");
  const [parties, comments, decisionRows, supersededBy] = await Promise.all([
    db
      .select({ departmentId: disputeParties.departmentId, departmentName: departments.name, statement: disputeParties.statement, proposal: disputeParties.proposal, updatedAt: disputeParties.updatedAt, updatedByName: editor.name })
      .from(disputeParties)
      .innerJoin(departments, eq(departments.id, disputeParties.departmentId))
      .leftJoin(editor, eq(editor.id, disputeParties.updatedById))
      .where(eq(disputeParties.disputeId, disputeId))
      .orderBy(asc(departments.name)),
    db
      .select({ id: disputeComments.id, body: disputeComments.body, createdAt: disputeComments.createdAt, authorName: author.name })
      .from(disputeComments)
      .innerJoin(author, eq(author.id, disputeComments.authorId))
      .where(eq(disputeComments.disputeId, disputeId))
      .orderBy(asc(disputeComments.createdAt)),
    db
      .select({ decision: decisions, decidedByName: decider.name })
      .from(decisions)
      .innerJoin(decider, eq(decider.id, decisions.decidedById))
      .where(eq(decisions.disputeId, disputeId)),
    db.execute(sql`select later.id, later.dispute_id as "disputeId" from decisions mine join decisions later on later.supersedes_id = mine.id where mine.dispute_id = ${disputeId}`),
  ]);
  const decision = decisionRows[0] ? { ...decisionRows[0], effect: effectFromRow(decisionRows[0].decision.effect) } : null;
  let supersedes: { id: string; disputeId: string; outcome: string } | null = null;
  if (decision?.decision.supersedesId) {
    const [s] = await db.select({ id: decisions.id, disputeId: decisions.disputeId, outcome: decisions.outcome }).from(decisions).where(eq(decisions.id, decision.decision.supersedesId));
    supersedes = s ?? null;
  }
  return {
    ...d,
    parties,
    comments,
    decision,
    supersedes,
    supersededBy: resultRows<{ id: string; disputeId: string }>(supersededBy)[0] ?? null,
  };
}

export type DecisionLogRow = {
  id: string;
  disputeId: string;
  disputeTitle: string;
  kind: DisputeKind;
  stageId: string | null;
  stageName: string | null;
  journeyId: string | null;
  outcome: string;
  rationale: string;
  effectSummary: string | null;
  effect: DecisionEffectView;
  decidedAt: Date;
  decidedByName: string;
  parties: string[];
  supersedesId: string | null;
  supersededById: string | null;
};


/** The decision log's filter as SQL over decisions joined to their disputes. */
function decisionLogWhere(filter: DecisionLogFilter, timeZone: string): SQL | undefined {
  const where: SQL[] = [];
  if (filter.q) {
    const p = `%${escapeLike(filter.q)}%`;
    where.push(sql`(${decisions.outcome} ilike ${p} or ${decisions.rationale} ilike ${p} or ${decisions.optionsConsidered} ilike ${p} or ${disputes.title} ilike ${p} or ${disputes.description} ilike ${p})`);
  }
  if (filter.stageId) where.push(eq(disputes.stageId, filter.stageId));
  if (filter.kind) where.push(eq(disputes.kind, filter.kind));
  if (filter.departmentId) where.push(sql`exists (select 1 from ${disputeParties} p where p.dispute_id = ${disputes.id} and p.department_id = ${filter.departmentId})`);
  // Whole days in the company's zone; `to` is inclusive.
  if (filter.from) where.push(gte(decisions.decidedAt, startOfDay(filter.from, timeZone)));
  if (filter.to) where.push(lt(decisions.decidedAt, endOfDay(filter.to, timeZone)));
  return where.length ? and(...where) : undefined;
}

/** Decisions matching `where`, newest first (ties by id, so the order is total), `limit` from `offset`. */
async function selectDecisions(where: SQL | undefined, limit: number, offset = 0): Promise<(DecisionLogRow & DecisionCursor)[]> {
  const db = await getDb();
  const decider = alias(users, "decider");
  const later = alias(decisions, "later");
  const rows = await db
    .select({
      id: decisions.id,
      disputeId: disputes.id,
      disputeTitle: disputes.title,
      kind: disputes.kind,
      stageId: disputes.stageId,
      stageName: stages.name,
      journeyId: stages.journeyId,
      outcome: decisions.outcome,
      rationale: decisions.rationale,
      effectSummary: decisions.effectSummary,
      effect: decisions.effect,
      decidedAt: decisions.decidedAt,
      decidedByName: decider.name,
      parties: sql<string[]>`coalesce((select array_agg(d.name order by d.name) from ${disputeParties} p join ${departments} d on d.id = p.department_id where p.dispute_id = ${disputes.id}), '{}')`,
      supersedesId: decisions.supersedesId,
      supersededById: later.id,
      decidedAtExact: sql<string>`${exactInstant(sql`${decisions.decidedAt}`)}`,
    })
    .from(decisions)
    .innerJoin(disputes, eq(disputes.id, decisions.disputeId))
    .innerJoin(decider, eq(decider.id, decisions.decidedById))
    .leftJoin(stages, eq(stages.id, disputes.stageId))
    .leftJoin(later, eq(later.supersedesId, decisions.id))
    .where(where)
    .orderBy(desc(decisions.decidedAt), desc(decisions.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({ ...r, effect: effectFromRow(r.effect) }));
}

/** A decision's place in the log's order, exact to the microsecond: the export's keyset cursor. */
export type DecisionCursor = { id: string; decidedAtExact: string };

/**
 * Up to `limit` decisions matching the filter after the decision `after`, newest first: keyset
 * batches for the export (a decision never changes, so none is skipped or repeated).
 */
export function decisionsAfter(filter: DecisionLogFilter, timeZone: string, after: DecisionCursor | null, limit: number) {
  const bound = after ? sql`(${decisions.decidedAt}, ${decisions.id}) < (${after.decidedAtExact}::timestamptz, ${after.id}::uuid)` : undefined;
  return selectDecisions(and(decisionLogWhere(filter, timeZone), bound), limit);
}

/** One page of the decision log, searchable by text and filterable by stage, party department, kind and date. */
export async function listDecisions({ actor, filter, paging = FIRST_PAGE }: { actor: Actor; filter: DecisionLogFilter; paging?: Paging }): Promise<Page<DecisionLogRow>> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const [db, timeZone] = await Promise.all([getDb(), getTimeZone()]);
  const where = decisionLogWhere(filter, timeZone);
  return fetchPage(
    paging,
    async () => (await db.select({ n: count() }).from(decisions).innerJoin(disputes, eq(disputes.id, decisions.disputeId)).where(where))[0]?.n ?? 0,
    (limit, offset) => selectDecisions(where, limit, offset),
  );
}

/** Stages with an open or under-review ownership or handoff dispute (the board's "disputed" flag). */
export async function disputedStageIds(stageIds: string[]): Promise<Set<string>> {
  if (!stageIds.length) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ stageId: disputes.stageId })
    .from(disputes)
    .where(and(inArray(disputes.stageId, stageIds), inArray(disputes.status, ["open", "under_review"]), inArray(disputes.kind, ["ownership", "handoff"])));
  return new Set(rows.map((r) => r.stageId!));
}

/**
 * Every decision that can be superseded (not yet superseded), newest first, for the decide
 * form. Not capped: a cap would silently hide the older decisions, and those are the ones a
 * new decision most often revisits. One row per decided dispute keeps the list the size of
 * the company's decision log.
 */
export async function listSupersedableDecisions(): Promise<{ id: string; label: string }[]> {
  const db = await getDb();
  const later = alias(decisions, "later");
  const rows = await db
    .select({ id: decisions.id, title: disputes.title, outcome: decisions.outcome, decidedAt: decisions.decidedAt })
    .from(decisions)
    .innerJoin(disputes, eq(disputes.id, decisions.disputeId))
    .leftJoin(later, eq(later.supersedesId, decisions.id))
    .where(sql`${later.id} is null`)
    .orderBy(desc(decisions.decidedAt), desc(decisions.id));
  const timeZone = await getTimeZone();
  return rows.map((r) => ({ id: r.id, label: `${formatDate(r.decidedAt, timeZone)} · ${r.title}: ${r.outcome}`.slice(0, 140) }));
}
