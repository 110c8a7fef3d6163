import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { departments, disputes, followUpEvents, followUps, goals, stages, type FollowUp } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/catalog";
import type { Actor } from "@/lib/auth/current-user";
import { disputeDueBy, raiseDisputeInTx } from "@/lib/disputes/commands";
import { DomainError, conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import { canStep, canWorkOn, mayAct, NOTE_REQUIRED, STEP_EVENT, STEP_TO, type FollowUpStep, type Verdict } from "./rules";
import type { FollowUpDisputeInput, LinkGoalInput, StepInput } from "./schemas";

function enforce(v: Verdict) {
  if (!v.ok) throw new DomainError(v.code, v.message);
}

const snapshot = (f: FollowUp) => ({
  stageId: f.stageId,
  departmentId: f.departmentId,
  status: f.status,
  goalId: f.goalId,
  disputeId: f.disputeId,
  dueAt: f.dueAt.toISOString(),
});

/**
 * Locks the follow-up for this change. Its stage first, FOR KEY SHARE: an ownership change
 * holds the stage FOR UPDATE while it moves the stage's follow-ups, so this waits for it and
 * then sees the follow-up's new department (and the two never lock in opposite orders).
 * Concurrent steps on one follow-up queue on its row lock: the second sees the first's result.
 */
async function lockFollowUp(tx: Tx, followUpId: string): Promise<{ f: FollowUp; departmentName: string | null }> {
  const [ref] = await tx.select({ stageId: followUps.stageId }).from(followUps).where(eq(followUps.id, followUpId));
  if (!ref) throw notFound("That follow-up");
  await tx.select({ id: stages.id }).from(stages).where(eq(stages.id, ref.stageId)).for("key share");
  const [f] = await tx.select().from(followUps).where(eq(followUps.id, followUpId)).for("update");
  if (!f) throw notFound("That follow-up");
  const [dep] = f.departmentId ? await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, f.departmentId)) : [];
  return { f, departmentName: dep?.name ?? null };
}

const STEP_AUDIT: Record<FollowUpStep, AuditAction> = {
  acknowledge: "follow_up.acknowledged",
  take_action: "follow_up.action_taken",
  close: "follow_up.closed",
  reopen: "follow_up.reopened",
};

/**
 * One step of the life cycle (acknowledge, record the action taken, close, reopen), with its
 * note, a follow_up_events row and an audit event in one transaction. The row is locked and
 * the update is conditional on the status read, so of two people taking the same step at
 * once exactly one succeeds; the other is told what the follow-up is now.
 */
export async function takeStep({ actor, step, input }: { actor: Actor; step: FollowUpStep; input: StepInput | (Omit<StepInput, "note"> & { note?: string }) }) {
  if (!can(actor.role, "follow_ups.act")) throw forbidden("You can read follow-ups but not act on them; the owning department does.");
  const note = (input.note ?? "").trim();
  if (NOTE_REQUIRED[step] && !note) throw invalid("Please correct the highlighted fields.", { note: ["Write a note: it is the record of this step."] });
  return inTransaction(async (tx) => {
    const { f, departmentName } = await lockFollowUp(tx, input.followUpId);
    enforce(canStep(actor, { status: f.status, departmentId: f.departmentId, departmentName }, step, input.expectedStatus));
    const to = STEP_TO[step];
    // Reopening starts the service level again: the follow-up is due, notified and escalated afresh.
    const reopen = step === "reopen";
    const [after] = await tx
      .update(followUps)
      .set({
        status: to,
        updatedAt: sql`now()`,
        closedAt: to === "closed" ? sql`now()` : null,
        ...(reopen
          ? { dueAt: sql`now() + make_interval(days => (select follow_up_sla_days from settings where id = 1))`, overdueNotifiedAt: null, escalatedAt: null }
          : {}),
      })
      .where(and(eq(followUps.id, f.id), eq(followUps.status, f.status)))
      .returning();
    if (!after) throw conflict("Someone changed this follow-up at the same moment; reload to see what happened.");
    await tx.insert(followUpEvents).values({ followUpId: f.id, kind: STEP_EVENT[step], fromStatus: f.status, toStatus: to, note, actorId: actor.id });
    await recordAudit(tx, { actorId: actor.id, action: STEP_AUDIT[step], entityType: "follow_up", entityId: f.id, before: snapshot(f), after: snapshot(after), reason: note || null });
    return { followUpId: f.id, status: to };
  });
}

/** A note in the follow-up's history, at any status (a closed one too), by whoever may act on it. */
export async function addFollowUpNote({ actor, followUpId, note }: { actor: Actor; followUpId: string; note: string }) {
  if (!can(actor.role, "follow_ups.act")) throw forbidden("You can read follow-ups but not act on them; the owning department does.");
  note = note.trim();
  if (!note) throw invalid("Please correct the highlighted fields.", { note: ["Note is required."] });
  return inTransaction(async (tx) => {
    const { f, departmentName } = await lockFollowUp(tx, followUpId);
    enforce(mayAct(actor, { status: f.status, departmentId: f.departmentId, departmentName }));
    const [after] = await tx.update(followUps).set({ updatedAt: sql`now()` }).where(eq(followUps.id, f.id)).returning();
    await tx.insert(followUpEvents).values({ followUpId: f.id, kind: "note", note, actorId: actor.id });
    await recordAudit(tx, { actorId: actor.id, action: "follow_up.noted", entityType: "follow_up", entityId: f.id, before: snapshot(f), after: snapshot(after!), reason: note });
    return { followUpId: f.id };
  });
}

/** Links the follow-up to an open (draft or active) goal of the same stage: the work it feeds. */
export async function linkFollowUpGoal({ actor, input }: { actor: Actor; input: LinkGoalInput }) {
  if (!can(actor.role, "follow_ups.act")) throw forbidden("You can read follow-ups but not act on them; the owning department does.");
  return inTransaction(async (tx) => {
    const { f, departmentName } = await lockFollowUp(tx, input.followUpId);
    enforce(canWorkOn(actor, { status: f.status, departmentId: f.departmentId, departmentName }));
    const [goal] = await tx.select({ id: goals.id, stageId: goals.stageId, status: goals.status, title: goals.title }).from(goals).where(eq(goals.id, input.goalId));
    const field = (m: string) => invalid("Please correct the highlighted fields.", { goalId: [m] });
    if (!goal) throw field("That goal does not exist.");
    if (goal.stageId !== f.stageId) throw field("Choose a goal of this follow-up's stage.");
    if (goal.status !== "draft" && goal.status !== "active") throw field(`“${goal.title}” is ${goal.status}; choose an open goal.`);
    if (f.goalId === goal.id) throw conflict(`This follow-up is already linked to “${goal.title}”.`);
    const [after] = await tx.update(followUps).set({ goalId: goal.id, updatedAt: sql`now()` }).where(eq(followUps.id, f.id)).returning();
    const note = input.note.trim() || `Linked to the goal “${goal.title}”.`;
    await tx.insert(followUpEvents).values({ followUpId: f.id, kind: "linked_goal", note, actorId: actor.id });
    await recordAudit(tx, { actorId: actor.id, action: "follow_up.goal_linked", entityType: "follow_up", entityId: f.id, before: snapshot(f), after: snapshot(after!), reason: input.note.trim() || null });
    return { followUpId: f.id, goalId: goal.id };
  });
}

/**
 * "Not our stage": raises a real ownership dispute about the follow-up's stage through the
 * disputes command (parties, notifications, its audit event, its service level), records it on
 * the follow-up and in its history, all in one transaction. The follow-up stays with its
 * department until the dispute's decision moves the stage (and with it, the follow-up).
 */
export async function raiseFollowUpDispute({ actor, input }: { actor: Actor; input: FollowUpDisputeInput }) {
  if (!can(actor.role, "follow_ups.act")) throw forbidden("You can read follow-ups but not act on them; the owning department does.");
  if (!can(actor.role, "disputes.raise")) throw forbidden("Only a department head or the CCO can raise a dispute; ask your head.");
  const dueBy = await disputeDueBy();
  return inTransaction(async (tx) => {
    const { f, departmentName } = await lockFollowUp(tx, input.followUpId);
    enforce(canWorkOn(actor, { status: f.status, departmentId: f.departmentId, departmentName }));
    if (!f.departmentId) throw conflict("This stage has no owner yet: the CCO assigns it rather than disputing it.");
    if (input.partyDepartmentIds.includes(f.departmentId)) {
      throw invalid("Please correct the highlighted fields.", { partyDepartmentIds: [`${departmentName ?? "That department"} owns the stage now; name the department you think should own it.`] });
    }
    if (f.disputeId) {
      const [open] = await tx.select({ title: disputes.title }).from(disputes).where(and(eq(disputes.id, f.disputeId), inArray(disputes.status, ["open", "under_review"])));
      if (open) throw conflict(`The dispute “${open.title}” raised from this follow-up is still open; its decision settles who owns the stage.`);
    }
    const [stage] = await tx.select({ name: stages.name }).from(stages).where(eq(stages.id, f.stageId));
    const { disputeId } = await raiseDisputeInTx(
      tx,
      actor,
      {
        kind: "ownership",
        stageId: f.stageId,
        handoffId: null,
        title: `Not our stage: ${stage!.name}`.slice(0, 160),
        description: input.description,
        partyDepartmentIds: input.partyDepartmentIds,
      },
      dueBy,
    );
    const [after] = await tx.update(followUps).set({ disputeId, updatedAt: sql`now()` }).where(eq(followUps.id, f.id)).returning();
    await tx.insert(followUpEvents).values({ followUpId: f.id, kind: "dispute_raised", note: input.description.slice(0, 2000), actorId: actor.id });
    await recordAudit(tx, { actorId: actor.id, action: "follow_up.dispute_raised", entityType: "follow_up", entityId: f.id, before: snapshot(f), after: snapshot(after!), reason: null });
    return { followUpId: f.id, disputeId };
  });
}
