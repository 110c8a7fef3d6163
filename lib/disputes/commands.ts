import { and, eq, inArray, sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";
import { decisions, departments, disputeComments, disputeParties, disputes, handoffs, stages, users, type Dispute } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { DomainError, conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { activeCcoIds, departmentHeadIds, notifyUsers } from "@/lib/notifications";
import { applyAssignment } from "@/lib/ownership/commands";
import { mergeRaciEffect, raciSetFromEntries } from "@/lib/ownership/rules";
import { currentRaci, loadStageState } from "@/lib/ownership/state";
import { can } from "@/lib/permissions";
import { getSettings } from "@/lib/settings";
import { addDays, lastMomentOf, todayIn } from "@/lib/time";
import { inTransaction } from "@/lib/tx";
import { describeRaciEffect, effectForWrite, type SetRaciEffect } from "./effect";
import { canComment, canTransition, canWriteStatement, nextStatus, type Verdict } from "./rules";
import type { DecideInput, RaiseDisputeInput } from "./schemas";
import { emitWebhookEvent } from "@/lib/webhooks/outbox";

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

/**
 * When a dispute raised now is due. Read before the transaction: on PGlite (one connection) a
 * query outside the open transaction waits for it to end, so reading settings inside would hang.
 */
export async function disputeDueBy(): Promise<Date> {
  const { disputeSlaDays, timeZone } = await getSettings();
  // Due by the end of the service level's last day on the company's calendar, not to the
  // minute it was raised: "due 13 March" means all of 13 March where the company is.
  return lastMomentOf(addDays(todayIn(timeZone), disputeSlaDays), timeZone);
}

export async function raiseDispute({ actor, input }: { actor: Actor; input: RaiseDisputeInput }): Promise<{ disputeId: string }> {
  if (!can(actor.role, "disputes.raise")) throw forbidden();
  const dueBy = await disputeDueBy();
  return inTransaction(async (tx) => raiseDisputeInTx(tx, actor, input, dueBy));
}

/**
 * The body of raising a dispute, in the caller's transaction: a follow-up's "not our stage"
 * raises a real dispute through here, with the follow-up's own step in the same transaction.
 */
export async function raiseDisputeInTx(tx: Tx, actor: Actor, input: RaiseDisputeInput, dueBy: Date): Promise<{ disputeId: string }> {
  if (!can(actor.role, "disputes.raise")) throw forbidden();
  {
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
  }
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
 * The RACI the decision leaves on its stage: what the CCO changed in the form, applied to the
 * stage's RACI as it is now (mergeRaciEffect). The stage row is locked first, so nothing can
 * change it between this read and the effect being applied.
 */
async function resolveEffect(tx: Tx, stageId: string, input: DecideInput): Promise<SetRaciEffect> {
  await loadStageState(tx, stageId, true);
  const current = raciSetFromEntries(await currentRaci(tx, stageId));
  const desired = {
    accountable: { departmentId: input.effectDepartmentId!, personId: input.effectPersonId! },
    responsible: input.effectResponsible,
    consulted: input.effectConsulted,
    informed: input.effectInformed,
  };
  const merged = mergeRaciEffect({ current, basis: input.effectBasis, desired });
  if (!merged.ok) throw new DomainError(merged.code, merged.message);
  // A department archived since it was given a role can hold none: it drops off rather than
  // refusing the decision — unless the CCO named it in the effect, which gets a field error.
  const named = new Set([...desired.responsible, ...desired.consulted, ...desired.informed]);
  const kept = [...merged.result.responsible, ...merged.result.consulted, ...merged.result.informed].filter((id) => !named.has(id));
  const archived = kept.length
    ? new Set((await tx.select({ id: departments.id }).from(departments).where(and(inArray(departments.id, kept), eq(departments.archived, true)))).map((d) => d.id))
    : new Set<string>();
  const live = (ids: string[]) => ids.filter((id) => !archived.has(id));
  return effectForWrite({
    type: "set_raci",
    stageId,
    accountable: merged.result.accountable,
    responsible: live(merged.result.responsible),
    consulted: live(merged.result.consulted),
    informed: live(merged.result.informed),
  });
}

async function namesFor(tx: Tx, effect: SetRaciEffect) {
  const depIds = [effect.accountable.departmentId, ...effect.responsible, ...effect.consulted, ...effect.informed];
  const [deps, people] = await Promise.all([
    tx.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, depIds)),
    tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, effect.accountable.personId)),
  ]);
  const dep = new Map(deps.map((d) => [d.id, d.name]));
  const person = new Map(people.map((p) => [p.id, p.name]));
  return { department: (id: string) => dep.get(id) ?? "an unknown department", person: (id: string) => person.get(id) ?? "an unknown person" };
}

const EFFECT_FIELDS: Record<string, string> = { departmentId: "effectDepartmentId", personId: "effectPersonId", responsible: "effectResponsible", consulted: "effectConsulted", informed: "effectInformed" };

/** Applies the effect through the same code as a CCO assignment: history rows "decided", linked to the decision. */
async function applyEffect(tx: Tx, actor: Actor, effect: SetRaciEffect, outcome: string, decisionId: string) {
  try {
    await applyAssignment(
      tx,
      actor,
      {
        stageId: effect.stageId,
        departmentId: effect.accountable.departmentId,
        personId: effect.accountable.personId,
        responsible: effect.responsible,
        consulted: effect.consulted,
        informed: effect.informed,
        reason: `Decision: ${outcome}`,
      },
      "decided",
      decisionId,
    );
  } catch (e) {
    // Name the decision's fields, not the assignment form's.
    if (e instanceof DomainError && Object.keys(e.fieldErrors).length) {
      const fieldErrors = Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [EFFECT_FIELDS[k] ?? k, v]));
      throw new DomainError(e.kind, "The decision's ownership effect cannot be applied; nothing was recorded.", fieldErrors);
    }
    if (e instanceof DomainError && e.detail?.reason === "unchanged") {
      throw conflict("The decision's effect changes nothing: that is already the stage's RACI. Untick the effect or change the RACI.");
    }
    throw e;
  }
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
      // Decisions are immutable, so the effect and its summary are written with the row; if
      // applying the effect then fails, the whole transaction (this row included) rolls back.
      const effect = input.assignOwnership ? await resolveEffect(tx, dispute.stageId!, input) : null;
      const effectSummary = effect ? describeRaciEffect(effect, await namesFor(tx, effect)) : null;
      const [decision] = await tx
        .insert(decisions)
        .values({
          disputeId: dispute.id,
          outcome: input.outcome,
          rationale: input.rationale,
          optionsConsidered: input.optionsConsidered,
          effect,
          effectSummary,
          decidedById: actor.id,
          supersedesId: input.supersedesId,
        })
        .returning();
      if (effect) await applyEffect(tx, actor, effect, input.outcome, decision!.id);
      await tx.update(disputes).set({ status: "decided", closedAt: sql`now()` }).where(eq(disputes.id, dispute.id));
      await recordAudit(tx, {
        actorId: actor.id,
        action: "decision.recorded",
        entityType: "decision",
        entityId: decision!.id,
        after: { disputeId: dispute.id, outcome: decision!.outcome, rationale: decision!.rationale, optionsConsidered: decision!.optionsConsidered, effect, supersedesId: decision!.supersedesId },
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
      for (const d of rows) {
        await notifyUsers(tx, ccos, { kind: "dispute_overdue", title: `Overdue dispute: ${d.title}`, body: "It has passed its service level.", link: link(d.id) });
        await emitWebhookEvent(tx, "dispute.overdue", { disputeId: d.id, title: d.title, summary: `The dispute “${d.title}” has passed its service level.`, link: link(d.id) });
      }
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
