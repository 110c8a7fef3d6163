import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";
import { departments, handoffs, ownershipAssignments, users, type Handoff } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { DomainError, conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { moveFollowUpsWithStage } from "@/lib/follow-ups/move";
import { applyGoalDisposition } from "@/lib/goals/commands";
import { activeCcoIds, departmentHeadIds, notifyUsers } from "@/lib/notifications";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import { alreadyOwnedMessage, answersAsReceivingHead, canCancelHandoff, canClaim, canProposeHandoff, canRespondToHandoff, decidedOwnerMessage, handoffStillValid, type Verdict } from "./rules";
import type { AssignOwnershipInput, ProposeHandoffInput } from "./schemas";
import { assertNoLaterChange, currentRaci, loadStageState, ownershipSettledByDecision, stageSnapshot, type RaciEntry } from "./state";

function enforce(v: Verdict) {
  if (!v.ok) throw new DomainError(v.code, v.message, {}, v.detail);
}

const stageLink = (journeyId: string, stageId: string) => `/journeys/${journeyId}/stages/${stageId}`;

/**
 * Reads the departments a change gives a role to, locked FOR SHARE: an archive (which locks
 * the department FOR UPDATE) waits for this change to commit and then sees it, or this change
 * waits for the archive and then sees the department archived. Either way no stage ends up
 * held by an archived department through a race.
 */
async function liveDepartments(tx: Tx, ids: string[], field: string) {
  if (!ids.length) return new Map<string, { id: string; name: string }>();
  const rows = await tx.select().from(departments).where(inArray(departments.id, ids)).orderBy(departments.id).for("share");
  const byId = new Map(rows.map((d) => [d.id, d]));
  for (const id of ids) {
    const d = byId.get(id);
    if (!d) throw invalid("Please correct the highlighted fields.", { [field]: ["That department does not exist."] });
    if (d.archived) throw invalid("Please correct the highlighted fields.", { [field]: [`${d.name} is archived; choose a current department.`] });
  }
  return byId;
}

/** Expires a stage's pending handoff because its ownership changed another way (or the stage was archived). */
export async function expirePendingHandoff(tx: Tx, stageId: string, actorId: string, why: string) {
  const expired = await tx
    .update(handoffs)
    .set({ status: "expired", respondedAt: sql`now()`, respondedById: actorId, responseReason: why })
    .where(and(eq(handoffs.stageId, stageId), eq(handoffs.status, "pending")))
    .returning();
  for (const h of expired) {
    await recordAudit(tx, { actorId, action: "handoff.expired", entityType: "handoff", entityId: h.id, before: { status: "pending" }, after: { status: "expired" }, reason: why });
  }
}

const sameEntry = (a: RaciEntry, b: RaciEntry) => a.departmentId === b.departmentId && a.raci === b.raci && (a.personId ?? null) === (b.personId ?? null);

/** The CCO sets a stage's accountable department and person and its R/C/I departments, with a reason. */
export async function assignOwnership({ actor, input, source = "assigned", decisionId = null }: { actor: Actor; input: AssignOwnershipInput; source?: "assigned" | "decided"; decisionId?: string | null }) {
  if (!can(actor.role, "ownership.assign")) throw forbidden();
  return inTransaction(async (tx) => applyAssignment(tx, actor, input, source, decisionId));
}

/** The body of an assignment, callable inside another transaction (a decision's effect). */
export async function applyAssignment(tx: Tx, actor: Actor, input: AssignOwnershipInput, source: "assigned" | "decided", decisionId: string | null) {
  const { stage, state } = await loadStageState(tx, input.stageId, true);
  if (state.journeyArchived || state.archived) throw conflict("This stage or its journey is archived; its ownership can no longer change.");
  const all = [input.departmentId, ...input.responsible, ...input.consulted, ...input.informed];
  const deps = await liveDepartments(tx, all, "departmentId");
  // FOR SHARE, like the departments: a deactivation racing this assignment is serialised with it.
  const [person] = await tx.select().from(users).where(eq(users.id, input.personId)).for("share");
  const personError = (m: string) => invalid("Please correct the highlighted fields.", { personId: [m] });
  if (!person) throw personError("That person does not exist.");
  if (!person.active) throw personError(`${person.name} is deactivated; choose an active person.`);
  if (person.departmentId !== input.departmentId) throw personError(`${person.name} is not in ${deps.get(input.departmentId)!.name}.`);

  const before = await currentRaci(tx, stage.id);
  const desired: RaciEntry[] = [
    { departmentId: input.departmentId, raci: "accountable", personId: input.personId },
    ...input.responsible.map((d) => ({ departmentId: d, raci: "responsible" as const, personId: null })),
    ...input.consulted.map((d) => ({ departmentId: d, raci: "consulted" as const, personId: null })),
    ...input.informed.map((d) => ({ departmentId: d, raci: "informed" as const, personId: null })),
  ];
  const toClose = before.filter((b) => !desired.some((d) => sameEntry(b, d)));
  const toOpen = desired.filter((d) => !before.some((b) => sameEntry(b, d)));
  if (!toClose.length && !toOpen.length) throw conflict("That is already this stage's ownership; nothing changed.", {}, { reason: "unchanged" });

  await assertNoLaterChange(tx, stage.id);
  for (const c of toClose) {
    await tx
      .update(ownershipAssignments)
      .set({ validTo: sql`now()` })
      .where(and(eq(ownershipAssignments.stageId, stage.id), eq(ownershipAssignments.departmentId, c.departmentId), isNull(ownershipAssignments.validTo)));
  }
  if (toOpen.length) {
    await tx.insert(ownershipAssignments).values(
      toOpen.map((o) => ({ stageId: stage.id, departmentId: o.departmentId, personId: o.personId, raci: o.raci, source, byUserId: actor.id, reason: input.reason, decisionId })),
    );
  }
  const previousOwner = before.find((b) => b.raci === "accountable");
  const accountableChanged = !previousOwner || previousOwner.departmentId !== input.departmentId;
  // Open goals belong to the owning department: on a direct (re)assignment they move with
  // the stage to the new accountable person, as a handoff's default would.
  if (accountableChanged && previousOwner) {
    await applyGoalDisposition(tx, { stageId: stage.id, disposition: "move", toDepartmentId: input.departmentId, newOwnerId: input.personId, actorId: actor.id, handoffNote: input.reason });
  }
  // Open follow-ups of the stage's customer signals belong to the accountable department too.
  if (accountableChanged) {
    await moveFollowUpsWithStage(tx, { stage, toDepartmentId: input.departmentId, actorId: actor.id, why: `The stage was assigned to ${deps.get(input.departmentId)!.name}: ${input.reason}` });
  }
  if (accountableChanged && state.pendingHandoff) {
    await expirePendingHandoff(tx, stage.id, actor.id, "The CCO assigned the stage directly.");
  }
  const after = await currentRaci(tx, stage.id);
  await recordAudit(tx, {
    actorId: actor.id,
    action: "ownership.assigned",
    entityType: "stage",
    entityId: stage.id,
    before: stageSnapshot(stage, before),
    after: stageSnapshot(stage, after),
    reason: input.reason,
  });
  if (accountableChanged || previousOwner?.personId !== input.personId) {
    const link = stageLink(stage.journeyId, stage.id);
    const newDep = deps.get(input.departmentId)!.name;
    const prevHeads = previousOwner ? await departmentHeadIds(tx, [previousOwner.departmentId]) : [];
    await notifyUsers(tx, [previousOwner?.personId, ...prevHeads], { kind: "stage_reassigned", title: `"${stage.name}" was reassigned to ${newDep}`, body: input.reason, link }, actor.id);
    const newHeads = await departmentHeadIds(tx, [input.departmentId]);
    await notifyUsers(tx, [input.personId, ...newHeads].filter((id) => id !== previousOwner?.personId), { kind: "stage_reassigned", title: `"${stage.name}" is now owned by ${newDep}`, body: input.reason, link }, actor.id);
  }
  return { stageId: stage.id };
}

function isOwnershipRace(e: unknown) {
  const c = pgConstraint(e);
  if (pgErrorCode(e) === "23P01") return c === "ownership_accountable_no_overlap_ex";
  return pgErrorCode(e) === "23505" && (c === "ownership_one_accountable_uq" || c === "ownership_one_role_per_department_uq");
}

/**
 * The refusal a claim that lost the race gets: who owns the stage now. An owner a decision
 * settled is not an invitation to another dispute, so that refusal carries no next step.
 */
async function claimLostTo(stageId: string): Promise<DomainError> {
  const owner = await inTransaction(async (tx) => {
    const { accountable } = (await loadStageState(tx, stageId, false)).state;
    return accountable && { ...accountable, settledByDecision: await ownershipSettledByDecision(tx, stageId) };
  });
  if (!owner) return conflict(alreadyOwnedMessage("another department"));
  if (owner.settledByDecision) return conflict(decidedOwnerMessage(owner.departmentName));
  return conflict(alreadyOwnedMessage(owner.departmentName), {}, { reason: "already_owned", departmentId: owner.departmentId, departmentName: owner.departmentName });
}

/**
 * A department head claims an unowned stage for their department. Compare-and-set against the
 * partial unique index: of many heads claiming at once, exactly one insert lands; every other
 * one inserts nothing and is told who owns the stage now. The stage row is locked too, like
 * every other ownership change, so a claim and a direct assignment or accept cannot interleave.
 */
export async function claimStage({ actor, stageId, reason }: { actor: Actor; stageId: string; reason?: string }) {
  if (!can(actor.role, "stages.claim")) throw forbidden("Only a department head can claim a stage.");
  try {
    return await inTransaction(async (tx) => {
      // The claimer and their department first, FOR SHARE and before the stage (the order a
      // deactivation or an archive locks in): a claim racing either waits for it and is then
      // refused, or the deactivation waits for the claim and then sees the stage it must hand on.
      if (!actor.departmentId) throw forbidden("Only a department head can claim a stage.");
      const [self] = await tx.select().from(users).where(eq(users.id, actor.id)).for("share");
      if (!self || !self.active || self.departmentId !== actor.departmentId) throw forbidden("Your account changed at the same moment; reload the page.");
      const [dep] = await tx.select().from(departments).where(eq(departments.id, actor.departmentId!)).for("share");
      if (!dep || dep.archived) throw conflict("Your department is archived; it cannot claim stages.");
      const { stage, state } = await loadStageState(tx, stageId, true);
      // Only a refused claim needs to know whether a decision settled the owner.
      if (state.accountable) state.accountable.settledByDecision = await ownershipSettledByDecision(tx, stageId);
      enforce(canClaim(actor, state));
      const before = await currentRaci(tx, stageId);
      await assertNoLaterChange(tx, stageId);
      // A department that held R/C/I on the stage gives that up to become accountable.
      await tx
        .update(ownershipAssignments)
        .set({ validTo: sql`now()` })
        .where(and(eq(ownershipAssignments.stageId, stageId), eq(ownershipAssignments.departmentId, dep.id), isNull(ownershipAssignments.validTo)));
      const inserted = await tx.execute(sql`
        insert into ownership_assignments (stage_id, department_id, person_id, raci, source, by_user_id, reason)
        values (${stageId}, ${dep.id}, ${actor.id}, 'accountable', 'claimed', ${actor.id}, ${reason || "Claimed by the department head"})
        on conflict (stage_id) where raci = 'accountable' and valid_to is null do nothing
        returning id`);
      if (resultRows(inserted).length === 0) throw new ClaimLost();
      await moveFollowUpsWithStage(tx, { stage, toDepartmentId: dep.id, actorId: actor.id, why: `${dep.name} claimed the stage.` });
      const after = await currentRaci(tx, stageId);
      await recordAudit(tx, { actorId: actor.id, action: "ownership.claimed", entityType: "stage", entityId: stageId, before: stageSnapshot(stage, before), after: stageSnapshot(stage, after), reason: reason || null });
      return { stageId, departmentName: dep.name };
    });
  } catch (e) {
    if (e instanceof ClaimLost || isOwnershipRace(e)) throw await claimLostTo(stageId);
    throw e;
  }
}

class ClaimLost extends Error {}

async function lockHandoff(tx: Tx, handoffId: string): Promise<Handoff> {
  const [h] = await tx.select().from(handoffs).where(eq(handoffs.id, handoffId)).for("update");
  if (!h) throw notFound("That handoff");
  return h;
}

export const handoffSnapshot = (h: Handoff) => ({
  stageId: h.stageId,
  fromDepartmentId: h.fromDepartmentId,
  toDepartmentId: h.toDepartmentId,
  status: h.status,
  goalDisposition: h.goalDisposition,
  note: h.note,
  forced: h.forced,
  responseReason: h.responseReason,
});

/** The owning head (or the CCO) offers a stage to another department; the CCO may force it through. */
export async function proposeHandoff({ actor, input }: { actor: Actor; input: ProposeHandoffInput }) {
  if (!can(actor.role, "handoffs.manage")) throw forbidden();
  if (input.force && !can(actor.role, "handoffs.force")) throw forbidden("Only the CCO can force a handoff.");
  try {
    return await inTransaction(async (tx) => {
      const { stage, state } = await loadStageState(tx, input.stageId, true);
      enforce(canProposeHandoff(actor, state, input.toDepartmentId));
      const deps = await liveDepartments(tx, [input.toDepartmentId], "toDepartmentId");
      const [h] = await tx
        .insert(handoffs)
        .values({ stageId: stage.id, fromDepartmentId: state.accountable!.departmentId, toDepartmentId: input.toDepartmentId, note: input.note, goalDisposition: input.goalDisposition, proposedById: actor.id })
        .returning();
      await recordAudit(tx, { actorId: actor.id, action: "handoff.proposed", entityType: "handoff", entityId: h!.id, after: handoffSnapshot(h!), reason: input.note });
      if (input.force) {
        await acceptInTx(tx, actor, h!, true);
        return { handoffId: h!.id, status: "accepted" as const };
      }
      const heads = await departmentHeadIds(tx, [input.toDepartmentId]);
      await notifyUsers(tx, heads, {
        kind: "handoff_offered",
        title: `${state.accountable!.departmentName} offers "${stage.name}" to ${deps.get(input.toDepartmentId)!.name}`,
        body: input.note,
        link: stageLink(stage.journeyId, stage.id),
      }, actor.id);
      return { handoffId: h!.id, status: "pending" as const };
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505" && pgConstraint(e) === "handoffs_one_pending_uq") {
      throw conflict("A handoff of this stage is already pending; it must be answered or cancelled first.");
    }
    throw e;
  }
}

/** Moves ownership to the receiving department in the caller's transaction. */
async function acceptInTx(tx: Tx, actor: Actor, h: Handoff, forced: boolean) {
  const { stage, state } = await loadStageState(tx, h.stageId, true);
  if (!handoffStillValid(h, state)) throw conflict("This handoff lapsed: the stage's ownership changed since it was offered.");
  let personId: string;
  if (answersAsReceivingHead(actor, h)) personId = actor.id;
  else {
    const [head] = await departmentHeadIds(tx, [h.toDepartmentId]);
    if (!head) throw conflict("The receiving department has no active head to be accountable; assign the stage directly instead.");
    personId = head;
  }
  const [toDep] = await tx.select().from(departments).where(eq(departments.id, h.toDepartmentId)).for("share");
  if (!toDep || toDep.archived) throw conflict("The receiving department is archived; this handoff can no longer be accepted.");
  const [holder] = await tx.select().from(users).where(eq(users.id, personId)).for("share");
  if (!holder?.active) throw conflict("The receiving department's head was deactivated a moment ago; this handoff can no longer be accepted by them.");
  const before = await currentRaci(tx, stage.id);
  await assertNoLaterChange(tx, stage.id);
  // Close the current accountable row and any R/C/I role the receiver held on the stage.
  await tx
    .update(ownershipAssignments)
    .set({ validTo: sql`now()` })
    .where(
      and(
        eq(ownershipAssignments.stageId, stage.id),
        isNull(ownershipAssignments.validTo),
        sql`(${ownershipAssignments.raci} = 'accountable' or ${ownershipAssignments.departmentId} = ${h.toDepartmentId})`,
      ),
    );
  await tx.insert(ownershipAssignments).values({ stageId: stage.id, departmentId: h.toDepartmentId, personId, raci: "accountable", source: "handed_off", byUserId: actor.id, reason: h.note, handoffId: h.id });
  // Rule 3: the stage's open goals follow the choice recorded on the handoff, in this transaction.
  await applyGoalDisposition(tx, { stageId: stage.id, disposition: h.goalDisposition, toDepartmentId: h.toDepartmentId, newOwnerId: personId, actorId: actor.id, handoffNote: h.note });
  await moveFollowUpsWithStage(tx, { stage, toDepartmentId: h.toDepartmentId, actorId: actor.id, why: `${toDep.name} accepted the handoff of the stage: ${h.note}` });
  const [after] = await tx
    .update(handoffs)
    .set({ status: "accepted", respondedById: actor.id, respondedAt: sql`now()`, forced: forced || !answersAsReceivingHead(actor, h) })
    .where(eq(handoffs.id, h.id))
    .returning();
  const raciAfter = await currentRaci(tx, stage.id);
  await recordAudit(tx, { actorId: actor.id, action: "handoff.accepted", entityType: "handoff", entityId: h.id, before: handoffSnapshot(h), after: handoffSnapshot(after!) });
  await recordAudit(tx, {
    actorId: actor.id,
    action: "ownership.handed_off",
    entityType: "stage",
    entityId: stage.id,
    before: stageSnapshot(stage, before),
    after: stageSnapshot(stage, raciAfter),
    reason: `Handoff ${h.goalDisposition === "move" ? "(open goals move with the stage)" : "(open goals are retired)"}: ${h.note}`,
  });
  const fromHeads = await departmentHeadIds(tx, [h.fromDepartmentId]);
  await notifyUsers(tx, [h.proposedById, ...fromHeads, personId], { kind: "handoff_accepted", title: `${toDep.name} accepted "${stage.name}"`, body: h.note, link: stageLink(stage.journeyId, stage.id) }, actor.id);
}

export async function respondToHandoff({ actor, handoffId, response, reason }: { actor: Actor; handoffId: string; response: "accept" | "decline"; reason: string }) {
  if (!can(actor.role, "handoffs.manage")) throw forbidden();
  return inTransaction(async (tx) => {
    // Stage first, then handoff: the order every other ownership change locks in (an accept
    // locking the other way round deadlocks with a direct assignment of the same stage).
    const [ref] = await tx.select({ stageId: handoffs.stageId }).from(handoffs).where(eq(handoffs.id, handoffId));
    if (ref) await loadStageState(tx, ref.stageId, true);
    const h = await lockHandoff(tx, handoffId);
    enforce(canRespondToHandoff(actor, h));
    if (response === "accept") {
      await acceptInTx(tx, actor, h, false);
      return { status: "accepted" as const };
    }
    if (!reason) throw invalid("Please correct the highlighted fields.", { reason: ["Say why you decline, so the proposer can respond."] });
    const [after] = await tx
      .update(handoffs)
      .set({ status: "declined", respondedById: actor.id, respondedAt: sql`now()`, responseReason: reason })
      .where(eq(handoffs.id, h.id))
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: "handoff.declined", entityType: "handoff", entityId: h.id, before: handoffSnapshot(h), after: handoffSnapshot(after!), reason });
    const { stage } = await loadStageState(tx, h.stageId, false);
    const fromHeads = await departmentHeadIds(tx, [h.fromDepartmentId]);
    await notifyUsers(tx, [h.proposedById, ...fromHeads], { kind: "handoff_declined", title: `Handoff of "${stage.name}" was declined`, body: reason, link: stageLink(stage.journeyId, stage.id) }, actor.id);
    return { status: "declined" as const };
  });
}

export async function cancelHandoff({ actor, handoffId, reason }: { actor: Actor; handoffId: string; reason?: string }) {
  if (!can(actor.role, "handoffs.manage")) throw forbidden();
  return inTransaction(async (tx) => {
    const h = await lockHandoff(tx, handoffId);
    enforce(canCancelHandoff(actor, h));
    const [after] = await tx
      .update(handoffs)
      .set({ status: "cancelled", respondedById: actor.id, respondedAt: sql`now()`, responseReason: reason || null })
      .where(eq(handoffs.id, h.id))
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: "handoff.cancelled", entityType: "handoff", entityId: h.id, before: handoffSnapshot(h), after: handoffSnapshot(after!), reason: reason || null });
    const { stage } = await loadStageState(tx, h.stageId, false);
    const heads = await departmentHeadIds(tx, [h.toDepartmentId]);
    await notifyUsers(tx, heads, { kind: "handoff_cancelled", title: `The offer of "${stage.name}" was withdrawn`, body: reason ?? "", link: stageLink(stage.journeyId, stage.id) }, actor.id);
    return { status: "cancelled" as const };
  });
}

/**
 * Rule 7: deactivating an accountable person or archiving an owning department never silently
 * orphans a stage. The stages stay assigned (history is not rewritten) but are flagged on the
 * board as needing an owner, an audit event records it, and every active CCO is notified.
 */
export async function flagOrphanedStages(tx: Tx, by: { personId: string } | { departmentId: string }, actorId: string, why: string) {
  // Raw column names: the query aliases the table, so Drizzle's qualified names would not resolve.
  const cond = "personId" in by ? sql`oa.person_id = ${by.personId}` : sql`oa.department_id = ${by.departmentId}`;
  const affected = await tx.execute(sql`
    select s.id, s.name, s.journey_id as "journeyId"
    from ownership_assignments oa join stages s on s.id = oa.stage_id join journeys j on j.id = s.journey_id
    where oa.raci = 'accountable' and oa.valid_to is null and not s.archived and j.status <> 'archived'
      and ${cond}`);
  const stagesHit = resultRows<{ id: string; name: string; journeyId: string }>(affected);
  if (!stagesHit.length) return 0;
  const ccos = await activeCcoIds(tx);
  for (const s of stagesHit) {
    await recordAudit(tx, { actorId, action: "stage.orphaned", entityType: "stage", entityId: s.id, reason: why });
    await notifyUsers(tx, ccos, { kind: "stage_orphaned", title: `"${s.name}" needs an owner`, body: why, link: stageLink(s.journeyId, s.id) });
  }
  return stagesHit.length;
}

/** Pending handoffs to or from an archived department can no longer be answered. */
export async function expireHandoffsOfDepartment(tx: Tx, departmentId: string, actorId: string) {
  const expired = await tx
    .update(handoffs)
    .set({ status: "expired", respondedAt: sql`now()`, respondedById: actorId, responseReason: "A department in this handoff was archived." })
    .where(and(eq(handoffs.status, "pending"), sql`(${handoffs.fromDepartmentId} = ${departmentId} or ${handoffs.toDepartmentId} = ${departmentId})`))
    .returning();
  for (const h of expired) {
    await recordAudit(tx, { actorId, action: "handoff.expired", entityType: "handoff", entityId: h.id, before: { status: "pending" }, after: { status: "expired" }, reason: "A department in this handoff was archived." });
  }
}

/**
 * A pending offer to a department being archived goes to a successor department instead: the
 * old offer expires and the same offer (note, goal choice) is made to the successor, each with
 * its audit event, in the caller's transaction. Returns false when the offer is no longer
 * pending (it lapsed with an earlier step of the same change).
 */
export async function reofferHandoff(tx: Tx, actor: Actor, handoffId: string, toDepartmentId: string, why: string): Promise<boolean> {
  const [ref] = await tx.select({ stageId: handoffs.stageId }).from(handoffs).where(eq(handoffs.id, handoffId));
  if (!ref) throw notFound("That handoff");
  const { stage, state } = await loadStageState(tx, ref.stageId, true);
  const h = await lockHandoff(tx, handoffId);
  if (h.status !== "pending") return false;
  if (!handoffStillValid(h, state)) throw conflict("This handoff lapsed: the stage's ownership changed since it was offered.");
  if (toDepartmentId === h.fromDepartmentId) throw invalid("Please correct the highlighted fields.", { toDepartmentId: ["The stage is offered by that department; choose another one."] });
  const deps = await liveDepartments(tx, [toDepartmentId], "toDepartmentId");
  await expirePendingHandoff(tx, stage.id, actor.id, why);
  const [next] = await tx
    .insert(handoffs)
    .values({ stageId: stage.id, fromDepartmentId: h.fromDepartmentId, toDepartmentId, note: h.note, goalDisposition: h.goalDisposition, proposedById: actor.id })
    .returning();
  await recordAudit(tx, { actorId: actor.id, action: "handoff.proposed", entityType: "handoff", entityId: next!.id, after: handoffSnapshot(next!), reason: why });
  const heads = await departmentHeadIds(tx, [toDepartmentId]);
  await notifyUsers(tx, heads, {
    kind: "handoff_offered",
    title: `${state.accountable!.departmentName} offers "${stage.name}" to ${deps.get(toDepartmentId)!.name}`,
    body: h.note,
    link: stageLink(stage.journeyId, stage.id),
  }, actor.id);
  return true;
}
