import { and, eq, inArray, sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";
import { decisions, departments, disputeComments, disputeParties, disputes, handoffs, stages, type Dispute } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { DomainError, conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { activeCcoIds, departmentHeadIds, notifyUsers } from "@/lib/notifications";
import { applyAssignment } from "@/lib/ownership/commands";
import { can } from "@/lib/permissions";
import { getSettings } from "@/lib/settings";
import { addDays, lastMomentOf, todayIn } from "@/lib/time";
import { inTransaction } from "@/lib/tx";
import { canComment, canTransition, canWriteStatement, nextStatus, type Verdict } from "./rules";
import type { DecideInput, RaiseDisputeInput } from "./schemas";

const link = (id: string) => `/disputes/${id}`;
function enforce(v: Verdict) {
  if (!v.ok) throw new DomainError(v.code, v.message);
}

async function lockDispute(tx: Tx, disputeId: string): Promise<{ dispute: Dispute; parties: string[] }> {
  const [dispute] = await tx.select().from(disputes).where(eq(disputes.id, disputeId)).for("update");
  if (!dispute) throw notFound("That dispute");
  const parties = await tx.select({ id: disputeParties.departmentId }).from(disputeParties).where(eq(disputeParties.disputeId, disputeId));
  return { dispute, parties: parties.map((p) => p.id) };
}

const state = (d: Dispute, parties: string[]) => ({ status: d.status, raisedById: d.raisedById, partyDepartmentIds: parties });

/** Everyone who hears about a dispute's progress: party heads and the raiser. */
async function audience(tx: Tx, d: Dispute, parties: string[]) {
  return [d.raisedById, ...(await departmentHeadIds(tx, parties))];
}

export async function raiseDispute({ actor, input }: { actor: Actor; input: RaiseDisputeInput }): Promise<{ disputeId: string }> {
  if (!can(actor.role, "disputes.raise")) throw forbidden();
  // Read before the transaction: on PGlite (one connection) a query outside the open
  // transaction waits for it to end, so reading settings inside would hang forever.
  const { disputeSlaDays, timeZone } = await getSettings();
  // Due by the end of the service level's last day on the company's calendar, not to the
  // minute it was raised: "due 13 March" means all of 13 March where the company is.
  const dueBy = lastMomentOf(addDays(todayIn(timeZone), disputeSlaDays), timeZone);
  return inTransaction(async (tx) => {
    if (input.stageId) {
      const [stage] = await tx.select().from(stages).where(eq(stages.id, input.stageId));
      if (!stage) throw invalid("Please correct the highlighted fields.", { stageId: ["That stage does not exist."] });
      if (stage.archived) throw invalid("Please correct the highlighted fields.", { stageId: ["That stage is archived."] });
    }
    if (input.handoffId) {
      const [h] = await tx.select().from(handoffs).where(eq(handoffs.id, input.handoffId));
      if (!h || h.stageId !== input.stageId) throw invalid("Please correct the highlighted fields.", { handoffId: ["That handoff does not belong to this stage."] });
    }
    // The raiser's department is a party too; other parties are the departments named.
    const partyIds = [...new Set([...(actor.departmentId ? [actor.departmentId] : []), ...input.partyDepartmentIds])];
    const deps = await tx.select().from(departments).where(inArray(departments.id, partyIds));
    for (const id of partyIds) {
      const d = deps.find((x) => x.id === id);
      if (!d) throw invalid("Please correct the highlighted fields.", { partyDepartmentIds: ["One of those departments does not exist."] });
      if (d.archived) throw invalid("Please correct the highlighted fields.", { partyDepartmentIds: [`${d.name} is archived.`] });
    }
    if (partyIds.length < 2 && actor.departmentId) {
      throw invalid("Please correct the highlighted fields.", { partyDepartmentIds: ["Name at least one department other than your own."] });
    }
    const [d] = await tx
      .insert(disputes)
      .values({
        kind: input.kind,
        stageId: input.stageId,
        handoffId: input.handoffId,
        title: input.title,
        description: input.description,
        raisedById: actor.id,
        raisedByDepartmentId: actor.departmentId,
        dueBy,
      })
      .returning();
    await tx.insert(disputeParties).values(partyIds.map((departmentId) => ({ disputeId: d!.id, departmentId })));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dispute.raised",
      entityType: "dispute",
      entityId: d!.id,
      after: { kind: d!.kind, stageId: d!.stageId, title: d!.title, description: d!.description, status: d!.status, parties: partyIds },
    });
    const others = partyIds.filter((id) => id !== actor.departmentId);
    await notifyUsers(tx, await departmentHeadIds(tx, others), { kind: "dispute_raised", title: `Dispute raised with your department: ${d!.title}`, body: input.description.slice(0, 200), link: link(d!.id) }, actor.id);
    await notifyUsers(tx, await activeCcoIds(tx), { kind: "dispute_raised", title: `New dispute: ${d!.title}`, link: link(d!.id) }, actor.id);
    return { disputeId: d!.id };
  });
}

export async function saveStatement({ actor, disputeId, departmentId, statement, proposal }: { actor: Actor; disputeId: string; departmentId: string; statement: string; proposal: string }) {
  if (!can(actor.role, "disputes.raise")) throw forbidden();
  await inTransaction(async (tx) => {
    const { dispute, parties } = await lockDispute(tx, disputeId);
    enforce(canWriteStatement(actor, state(dispute, parties), departmentId));
    const [before] = await tx.select().from(disputeParties).where(and(eq(disputeParties.disputeId, disputeId), eq(disputeParties.departmentId, departmentId)));
    await tx
      .update(disputeParties)
      .set({ statement, proposal, updatedById: actor.id, updatedAt: sql`now()` })
      .where(and(eq(disputeParties.disputeId, disputeId), eq(disputeParties.departmentId, departmentId)));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dispute.statement_saved",
      entityType: "dispute",
      entityId: disputeId,
      before: { departmentId, statement: before?.statement ?? "", proposal: before?.proposal ?? "" },
      after: { departmentId, statement, proposal },
    });
  });
}

export async function addComment({ actor, disputeId, body }: { actor: Actor; disputeId: string; body: string }) {
  await inTransaction(async (tx) => {
    const { dispute, parties } = await lockDispute(tx, disputeId);
    enforce(canComment(actor, state(dispute, parties)));
    const [c] = await tx.insert(disputeComments).values({ disputeId, authorId: actor.id, body }).returning();
    await recordAudit(tx, { actorId: actor.id, action: "dispute.commented", entityType: "dispute", entityId: disputeId, after: { comment: c!.body } });
  });
}

export async function takeUnderReview({ actor, disputeId }: { actor: Actor; disputeId: string }) {
  if (!can(actor.role, "decisions.record")) throw forbidden("Only the CCO can take a dispute under review.");
  await inTransaction(async (tx) => {
    const { dispute, parties } = await lockDispute(tx, disputeId);
    enforce(canTransition(actor, state(dispute, parties), "take_under_review"));
    await tx.update(disputes).set({ status: nextStatus.take_under_review, reviewerId: actor.id, takenAt: sql`now()` }).where(eq(disputes.id, disputeId));
    await recordAudit(tx, { actorId: actor.id, action: "dispute.taken_under_review", entityType: "dispute", entityId: disputeId, before: { status: dispute.status }, after: { status: "under_review" } });
    await notifyUsers(tx, await audience(tx, dispute, parties), { kind: "dispute_under_review", title: `The CCO took “${dispute.title}” under review`, link: link(disputeId) }, actor.id);
  });
}

const withdrawReasonMissing = () => invalid("Please correct the highlighted fields.", { reason: ["Say why you withdraw it, for the record."] });

export async function withdrawDispute({ actor, disputeId, reason }: { actor: Actor; disputeId: string; reason: string }) {
  reason = reason.trim();
  if (!reason) throw withdrawReasonMissing();
  await inTransaction(async (tx) => {
    const { dispute, parties } = await lockDispute(tx, disputeId);
    enforce(canTransition(actor, state(dispute, parties), "withdraw"));
    // The database refuses a withdrawal without a reason too (disputes_withdrawn_reason_ck).
    await tx
      .update(disputes)
      .set({ status: "withdrawn", closedAt: sql`now()`, withdrawnReason: reason })
      .where(eq(disputes.id, disputeId))
      .catch((e: unknown) => {
        throw pgErrorCode(e) === "23514" && pgConstraint(e) === "disputes_withdrawn_reason_ck" ? withdrawReasonMissing() : e;
      });
    await recordAudit(tx, { actorId: actor.id, action: "dispute.withdrawn", entityType: "dispute", entityId: disputeId, before: { status: dispute.status }, after: { status: "withdrawn", reason }, reason });
  });
}

/**
 * Rule 4: a dispute closes only with a decision, and the decision's ownership effect is
 * applied in the same transaction that records it, through the same code as a CCO
 * assignment (history row "decided", linked to the decision). If the effect fails — say the
 * department was archived a moment ago — nothing at all is written.
 */
export async function recordDecision({ actor, input }: { actor: Actor; input: DecideInput }): Promise<{ decisionId: string }> {
  if (!can(actor.role, "decisions.record")) throw forbidden("Only the CCO can record a decision.");
  try {
    return await inTransaction(async (tx) => {
      const { dispute, parties } = await lockDispute(tx, input.disputeId);
      enforce(canTransition(actor, state(dispute, parties), "decide"));
      if (input.assignOwnership && !dispute.stageId) {
        throw invalid("Please correct the highlighted fields.", { assignOwnership: ["This dispute is not about a stage, so it cannot assign one."] });
      }
      if (input.supersedesId) {
        const [earlier] = await tx.select().from(decisions).where(eq(decisions.id, input.supersedesId));
        if (!earlier) throw invalid("Please correct the highlighted fields.", { supersedesId: ["That decision does not exist."] });
        if (earlier.disputeId === dispute.id) throw invalid("Please correct the highlighted fields.", { supersedesId: ["A decision cannot supersede itself."] });
      }
      const effect = input.assignOwnership ? { type: "assign_ownership", stageId: dispute.stageId, departmentId: input.effectDepartmentId, personId: input.effectPersonId } : null;
      // Decisions are immutable, so the summary is written with the row; if the effect then
      // fails, the whole transaction (this row included) rolls back.
      let effectSummary: string | null = null;
      if (effect) {
        const [dep] = await tx.select().from(departments).where(eq(departments.id, input.effectDepartmentId!));
        effectSummary = dep ? `Stage assigned to ${dep.name}` : null;
      }
      const [decision] = await tx
        .insert(decisions)
        .values({
          disputeId: dispute.id,
          outcome: input.outcome,
          rationale: input.rationale,
          optionsConsidered: input.optionsConsidered,
          effect: effect ? JSON.stringify(effect) : null,
          effectSummary,
          decidedById: actor.id,
          supersedesId: input.supersedesId,
        })
        .returning();
      if (effect) {
        // Keeps the stage's R/C/I departments other than the new owner; only accountability moves.
        // Archived departments drop off: they can hold no role, and keeping them would refuse the effect.
        const current = await tx.execute(sql`
          select oa.department_id as "departmentId", oa.raci from ownership_assignments oa join departments d on d.id = oa.department_id
          where oa.stage_id = ${dispute.stageId} and oa.valid_to is null and oa.raci <> 'accountable' and not d.archived`);
        const rows = resultRows<{ departmentId: string; raci: "responsible" | "consulted" | "informed" }>(current);
        const keep = rows.filter((r) => r.departmentId !== input.effectDepartmentId);
        try {
          await applyAssignment(
            tx,
            actor,
            {
              stageId: dispute.stageId!,
              departmentId: input.effectDepartmentId!,
              personId: input.effectPersonId!,
              responsible: keep.filter((r) => r.raci === "responsible").map((r) => r.departmentId),
              consulted: keep.filter((r) => r.raci === "consulted").map((r) => r.departmentId),
              informed: keep.filter((r) => r.raci === "informed").map((r) => r.departmentId),
              reason: `Decision: ${input.outcome}`,
            },
            "decided",
            decision!.id,
          );
        } catch (e) {
          // Name the decision's fields, not the assignment form's.
          if (e instanceof DomainError && Object.keys(e.fieldErrors).length) {
            const f = e.fieldErrors;
            throw new DomainError(e.kind, "The decision's ownership effect cannot be applied; nothing was recorded.", {
              effectDepartmentId: f.departmentId ?? [],
              effectPersonId: f.personId ?? [],
            });
          }
          if (e instanceof DomainError && e.detail?.reason === "unchanged") {
            throw conflict("The ownership effect changes nothing: that department and person already own the stage. Untick it or choose another owner.");
          }
          throw e;
        }
      }
      await tx.update(disputes).set({ status: "decided", closedAt: sql`now()` }).where(eq(disputes.id, dispute.id));
      await recordAudit(tx, {
        actorId: actor.id,
        action: "decision.recorded",
        entityType: "decision",
        entityId: decision!.id,
        after: { disputeId: dispute.id, outcome: decision!.outcome, rationale: decision!.rationale, optionsConsidered: decision!.optionsConsidered, effect: decision!.effect, supersedesId: decision!.supersedesId },
        reason: effectSummary,
      });
      await notifyUsers(tx, await audience(tx, dispute, parties), { kind: "dispute_decided", title: `Decided: ${dispute.title}`, body: input.outcome, link: link(dispute.id) }, actor.id);
      return { decisionId: decision!.id };
    });
  } catch (e) {
    const c = pgErrorCode(e) === "23505" ? pgConstraint(e) : undefined;
    if (c === "decisions_one_per_dispute_uq") throw conflict("This dispute is already decided; record a new dispute to revisit it.");
    if (c === "decisions_supersedes_uq") throw invalid("Please correct the highlighted fields.", { supersedesId: ["That decision has already been superseded by another."] });
    throw e;
  }
}

/** Overdue disputes notify the CCOs once (safe on several servers: rows claimed by UPDATE…RETURNING). */
export async function runOverdueDisputeSweep(): Promise<number> {
  return inTransaction(async (tx) => {
    const res = await tx.execute(sql`
      update disputes set overdue_notified_at = now()
      where status in ('open', 'under_review') and due_by < now() and overdue_notified_at is null
      returning id, title`);
    const rows = resultRows<{ id: string; title: string }>(res);
    if (rows.length) {
      const ccos = await activeCcoIds(tx);
      for (const d of rows) await notifyUsers(tx, ccos, { kind: "dispute_overdue", title: `Overdue dispute: ${d.title}`, body: "It has passed its service level.", link: link(d.id) });
    }
    return rows.length;
  });
}

/**
 * A department being archived passes its place as a party to an open dispute to a successor
 * department (and its place as the raising department, when it raised it), in the caller's
 * transaction, with its audit event. Its statement so far stays, now the successor's to edit.
 * Returns false when the dispute has closed meanwhile.
 */
export async function replaceDisputeParty(tx: Tx, actor: Actor, disputeId: string, fromDepartmentId: string, toDepartmentId: string, why: string): Promise<boolean> {
  const { dispute, parties } = await lockDispute(tx, disputeId);
  if (dispute.status !== "open" && dispute.status !== "under_review") return false;
  const field = (m: string) => invalid("Please correct the highlighted fields.", { toDepartmentId: [m] });
  const [to] = await tx.select().from(departments).where(eq(departments.id, toDepartmentId)).for("share");
  if (!to) throw field("That department does not exist.");
  if (to.archived) throw field(`${to.name} is archived; choose a current department.`);
  if (parties.includes(toDepartmentId)) throw field(`${to.name} is already a party to this dispute.`);
  const raisedBy = dispute.raisedByDepartmentId === fromDepartmentId ? toDepartmentId : dispute.raisedByDepartmentId;
  if (parties.includes(fromDepartmentId)) {
    await tx
      .update(disputeParties)
      .set({ departmentId: toDepartmentId, updatedById: actor.id, updatedAt: sql`now()` })
      .where(and(eq(disputeParties.disputeId, disputeId), eq(disputeParties.departmentId, fromDepartmentId)));
  } else {
    await tx.insert(disputeParties).values({ disputeId, departmentId: toDepartmentId });
  }
  if (raisedBy !== dispute.raisedByDepartmentId) await tx.update(disputes).set({ raisedByDepartmentId: raisedBy }).where(eq(disputes.id, disputeId));
  await recordAudit(tx, {
    actorId: actor.id,
    action: "dispute.party_replaced",
    entityType: "dispute",
    entityId: disputeId,
    before: { departmentId: fromDepartmentId, raisedByDepartmentId: dispute.raisedByDepartmentId },
    after: { departmentId: toDepartmentId, raisedByDepartmentId: raisedBy },
    reason: why,
  });
  await notifyUsers(tx, await departmentHeadIds(tx, [toDepartmentId]), { kind: "dispute_raised", title: `Your department is now a party to “${dispute.title}”`, body: why, link: link(disputeId) }, actor.id);
  return true;
}
